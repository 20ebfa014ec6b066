using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace Tradeul.Benchmarks.Soak;

/// <summary>
/// A two-panel line chart written as a PNG with nothing but the framework (zlib), CRC-32 and
/// <see cref="PixelFont"/>. The top panel draws every series on one scale with a legend of
/// each series' maximum; the bottom panel draws one series alone on its own scale with a
/// dashed goal line, because next to a series a hundred times larger it is a flat line on
/// the axis. Numbers go in the JSON report; the chart is for reading the shape.
/// </summary>
internal static class PngChart
{
    private const int Scale = 2;
    private const int TextHeight = PixelFont.GlyphHeight * Scale;
    private const int Left = 70, Right = 30;
    // At most this many steps between axis labels: 150 MB in 25s, 6 GB in 1000s, 16 h in 2s.
    private const int MaxYSteps = 6, MaxXSteps = 8;
    private static readonly (byte R, byte G, byte B) Black = (0, 0, 0);
    private static readonly (byte R, byte G, byte B) Grid = (225, 225, 225);
    private static readonly (byte R, byte G, byte B) GoalColour = (0, 140, 70);

    /// <summary>Plot area in pixels and the data range it shows; y is clamped to the range.</summary>
    private readonly record struct Panel(int Left, int Top, int Right, int Bottom, double XMax, double YMax, double YStep)
    {
        public double X(double x) => Left + x / XMax * (Right - Left);

        public double Y(double y) => Bottom - Math.Clamp(y, 0, YMax) / YMax * (Bottom - Top);
    }

    /// <summary>
    /// Writes the chart: all <paramref name="series"/> on 0..<paramref name="yMax"/> on top, and
    /// <c>series[zoomSeries]</c> alone on 0..<paramref name="zoomYMax"/> below with a dashed line
    /// at <paramref name="goal"/>. Both y maxima are rounded up to the next y label so each
    /// axis ends on a number.
    /// </summary>
    public static void Write(string path, string title, string unit,
        IReadOnlyList<(string Name, (byte R, byte G, byte B) Colour, IReadOnlyList<(double X, double Y)> Points)> series,
        double xMax, double yMax, int zoomSeries, double zoomYMax, double goal, int width = 960, int height = 720)
    {
        var pixels = new byte[width * height * 3];
        Array.Fill(pixels, (byte)255);
        PixelFont.DrawText(pixels, width, height, Left, 12, title, Black, Scale);

        var all = MakePanel(50, (int)(height * 0.53), width, xMax, yMax);
        DrawAxes(pixels, width, height, all);
        for (var s = 0; s < series.Count; s++)
        {
            DrawSeries(pixels, width, height, all, series[s].Points, series[s].Colour);
        }
        DrawLegend(pixels, width, height, all, series, unit);

        // Room between the panels for the top panel's hour labels and the bottom panel's heading.
        var zoom = MakePanel(all.Bottom + 74, height - 60, width, xMax, zoomYMax);
        DrawZoom(pixels, width, height, zoom, series[zoomSeries], goal, unit);
        const string caption = "HOURS";
        PixelFont.DrawText(pixels, width, height, zoom.Right - PixelFont.Measure(caption, Scale), height - 24, caption, Black, Scale);

        File.WriteAllBytes(path, Encode(pixels, width, height));
    }

    /// <summary>Fills a rectangle, skipping pixels off the image; also the font's pixel block.</summary>
    public static void FillRect(byte[] pixels, int width, int height, int x, int y, int w, int h, (byte R, byte G, byte B) colour)
    {
        for (var py = Math.Max(y, 0); py < Math.Min(y + h, height); py++)
        {
            for (var px = Math.Max(x, 0); px < Math.Min(x + w, width); px++)
            {
                SetPixel(pixels, width, px, py, colour);
            }
        }
    }

    private static Panel MakePanel(int top, int bottom, int width, double xMax, double yMax)
    {
        var step = NiceStep(yMax, MaxYSteps);
        return new Panel(Left, top, width - Right, bottom, xMax, Math.Ceiling(yMax / step) * step, step);
    }

    /// <summary>The smallest of 1, 2, 2.5 or 5 times a power of ten that covers 0..max in at most <paramref name="maxSteps"/> steps.</summary>
    private static double NiceStep(double max, int maxSteps)
    {
        if (max <= 0)
        {
            return 1;
        }
        var raw = max / maxSteps;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        foreach (var multiple in (ReadOnlySpan<double>)[1, 2, 2.5, 5])
        {
            if (multiple * magnitude >= raw)
            {
                return multiple * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static void DrawAxes(byte[] pixels, int width, int height, Panel panel)
    {
        // Steps counted as integers so 0.1-style steps do not drift past the last label.
        for (var i = 0; i * panel.YStep <= panel.YMax * (1 + 1e-9); i++)
        {
            var y = (int)Math.Round(panel.Y(i * panel.YStep));
            Line(pixels, width, height, panel.Left, y, panel.Right, y, Grid);
            var label = FormattableString.Invariant($"{i * panel.YStep:0.##}");
            PixelFont.DrawText(pixels, width, height, panel.Left - 8 - PixelFont.Measure(label, Scale), y - TextHeight / 2, label, Black, Scale);
        }
        Line(pixels, width, height, panel.Left, panel.Top, panel.Left, panel.Bottom, Black);
        Line(pixels, width, height, panel.Left, panel.Bottom, panel.Right, panel.Bottom, Black);
        for (var hour = 1; hour < panel.XMax; hour++)
        {
            Line(pixels, width, height, panel.X(hour), panel.Bottom, panel.X(hour), panel.Bottom + 3, Black);
        }
        var xStep = NiceStep(panel.XMax, MaxXSteps);
        for (var i = 0; i * xStep <= panel.XMax * (1 + 1e-9); i++)
        {
            var x = (int)Math.Round(panel.X(i * xStep));
            Line(pixels, width, height, x, panel.Bottom, x, panel.Bottom + 6, Black);
            var label = FormattableString.Invariant($"{i * xStep:0.##}");
            PixelFont.DrawText(pixels, width, height, x - PixelFont.Measure(label, Scale) / 2, panel.Bottom + 10, label, Black, Scale);
        }
    }

    private static void DrawSeries(byte[] pixels, int width, int height, Panel panel, IReadOnlyList<(double X, double Y)> points, (byte R, byte G, byte B) colour)
    {
        // Two pixels thick; a value above the panel's range runs along its top edge (Panel.Y clamps).
        for (var i = 1; i < points.Count; i++)
        {
            var (x0, y0, x1, y1) = (panel.X(points[i - 1].X), panel.Y(points[i - 1].Y), panel.X(points[i].X), panel.Y(points[i].Y));
            Line(pixels, width, height, x0, y0, x1, y1, colour);
            Line(pixels, width, height, x0, y0 - 1, x1, y1 - 1, colour);
        }
    }

    private static void DrawLegend(byte[] pixels, int width, int height, Panel panel,
        IReadOnlyList<(string Name, (byte R, byte G, byte B) Colour, IReadOnlyList<(double X, double Y)> Points)> series, string unit)
    {
        const int rowHeight = TextHeight + 8;
        var labels = series.Select(s => s.Points.Count == 0
            ? s.Name
            : FormattableString.Invariant($"{s.Name}  MAX {s.Points.Max(p => p.Y):F1} {unit}")).ToList();
        // A white box so grid lines do not run through the text.
        var boxWidth = 48 + labels.Max(l => PixelFont.Measure(l, Scale));
        FillRect(pixels, width, height, panel.Left + 6, panel.Top + 6, boxWidth, series.Count * rowHeight + 8, (255, 255, 255));
        for (var s = 0; s < series.Count; s++)
        {
            var y = panel.Top + 12 + s * rowHeight;
            FillRect(pixels, width, height, panel.Left + 14, y, 20, TextHeight, series[s].Colour);
            PixelFont.DrawText(pixels, width, height, panel.Left + 42, y, labels[s], Black, Scale);
        }
    }

    private static void DrawZoom(byte[] pixels, int width, int height, Panel panel,
        (string Name, (byte R, byte G, byte B) Colour, IReadOnlyList<(double X, double Y)> Points) series, double goal, string unit)
    {
        var headingY = panel.Top - 30;
        FillRect(pixels, width, height, panel.Left, headingY, 20, TextHeight, series.Colour);
        PixelFont.DrawText(pixels, width, height, panel.Left + 28, headingY,
            FormattableString.Invariant($"{series.Name} ALONE, 0 TO {panel.YMax:0.##} {unit}"), Black, Scale);
        DrawAxes(pixels, width, height, panel);
        DrawGoal(pixels, width, height, panel, goal, unit);
        DrawSeries(pixels, width, height, panel, series.Points, series.Colour);
    }

    private static void DrawGoal(byte[] pixels, int width, int height, Panel panel, double goal, string unit)
    {
        // Dashed and green so it is not read as a grid line or the panel's top edge.
        var y = (int)Math.Round(panel.Y(goal));
        for (var x = panel.Left; x < panel.Right; x += 14)
        {
            FillRect(pixels, width, height, x, y - 1, Math.Min(8, panel.Right - x), 3, GoalColour);
        }
        var label = FormattableString.Invariant($"GOAL < {goal:0.##} {unit}");
        PixelFont.DrawText(pixels, width, height, panel.Right - PixelFont.Measure(label, Scale), y + 8, label, GoalColour, Scale);
    }

    private static void Line(byte[] pixels, int width, int height, double x0, double y0, double x1, double y1, (byte R, byte G, byte B) colour)
    {
        var steps = (int)Math.Max(Math.Abs(x1 - x0), Math.Abs(y1 - y0)) + 1;
        for (var i = 0; i <= steps; i++)
        {
            var x = (int)Math.Round(x0 + (x1 - x0) * i / steps);
            var y = (int)Math.Round(y0 + (y1 - y0) * i / steps);
            if (x >= 0 && y >= 0 && x < width && y < height)
            {
                SetPixel(pixels, width, x, y, colour);
            }
        }
    }

    private static void SetPixel(byte[] pixels, int width, int x, int y, (byte R, byte G, byte B) colour)
    {
        var at = (y * width + x) * 3;
        pixels[at] = colour.R;
        pixels[at + 1] = colour.G;
        pixels[at + 2] = colour.B;
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
