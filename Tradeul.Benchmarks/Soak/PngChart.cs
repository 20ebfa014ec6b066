using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace Tradeul.Benchmarks.Soak;

/// <summary>
/// A line chart written as a PNG with nothing but the framework (zlib) and CRC-32: axes,
/// horizontal grid lines every <paramref name="gridStep"/> of the y unit, one coloured
/// line per series, and a colour key in the top-left corner. Numbers go in the JSON report.
/// </summary>
internal static class PngChart
{
    public static void Write(string path, IReadOnlyList<(string Name, (byte R, byte G, byte B) Colour, IReadOnlyList<(double X, double Y)> Points)> series,
        double xMax, double yMax, double gridStep, int width = 960, int height = 540)
    {
        var pixels = new byte[width * height * 3];
        Array.Fill(pixels, (byte)255);
        const int left = 50, right = 20, top = 20, bottom = 40;
        double ToX(double x) => left + x / xMax * (width - left - right);
        double ToY(double y) => height - bottom - y / yMax * (height - top - bottom);

        for (var g = gridStep; g < yMax; g += gridStep)
        {
            Line(pixels, width, height, left, ToY(g), width - right, ToY(g), (225, 225, 225));
        }
        Line(pixels, width, height, left, top, left, height - bottom, (0, 0, 0));
        Line(pixels, width, height, left, height - bottom, width - right, height - bottom, (0, 0, 0));
        for (var hour = 1; hour < xMax; hour++)
        {
            Line(pixels, width, height, ToX(hour), height - bottom, ToX(hour), height - bottom + 5, (0, 0, 0));
        }
        for (var s = 0; s < series.Count; s++)
        {
            var (_, colour, points) = series[s];
            for (var i = 1; i < points.Count; i++)
            {
                Line(pixels, width, height, ToX(points[i - 1].X), ToY(points[i - 1].Y), ToX(points[i].X), ToY(points[i].Y), colour);
                Line(pixels, width, height, ToX(points[i - 1].X), ToY(points[i - 1].Y) + 1, ToX(points[i].X), ToY(points[i].Y) + 1, colour);
            }
            for (var dy = 0; dy < 10; dy++)
            {
                Line(pixels, width, height, left + 10, top + 10 + s * 16 + dy, left + 30, top + 10 + s * 16 + dy, colour);
            }
        }
        File.WriteAllBytes(path, Encode(pixels, width, height));
    }

    private static void Line(byte[] pixels, int width, int height, double x0, double y0, double x1, double y1, (byte R, byte G, byte B) colour)
    {
        var steps = (int)Math.Max(Math.Abs(x1 - x0), Math.Abs(y1 - y0)) + 1;
        for (var i = 0; i <= steps; i++)
        {
            var x = (int)Math.Round(x0 + (x1 - x0) * i / steps);
            var y = (int)Math.Round(y0 + (y1 - y0) * i / steps);
            if (x < 0 || y < 0 || x >= width || y >= height)
            {
                continue;
            }
            var at = (y * width + x) * 3;
            pixels[at] = colour.R;
            pixels[at + 1] = colour.G;
            pixels[at + 2] = colour.B;
        }
    }

    private static byte[] Encode(byte[] pixels, int width, int height)
    {
        using var output = new MemoryStream();
        output.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;  // bit depth
        header[9] = 2;  // truecolour RGB
        Chunk(output, "IHDR", header);
        using var raw = new MemoryStream();
        using (var zlib = new ZLibStream(raw, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (var y = 0; y < height; y++)
            {
                zlib.WriteByte(0); // filter: none
                zlib.Write(pixels, y * width * 3, width * 3);
            }
        }
        Chunk(output, "IDAT", raw.ToArray());
        Chunk(output, "IEND", []);
        return output.ToArray();
    }

    private static void Chunk(Stream output, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        output.Write(length);
        var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        output.Write(typeBytes);
        output.Write(data);
        var crc = new Crc32();
        crc.Append(typeBytes);
        crc.Append(data);
        Span<byte> checksum = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(checksum, crc.GetCurrentHashAsUInt32());
        output.Write(checksum);
    }
}
