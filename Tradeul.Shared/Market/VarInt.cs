using System.Buffers;

namespace Tradeul.Shared.Market;

/// <summary>LEB128 varints, zig-zag for signed values.</summary>
internal static class VarInt
{
    public static void Write(IBufferWriter<byte> writer, ulong value)
    {
        var span = writer.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[i++] = (byte)value;
        writer.Advance(i);
    }

    public static void WriteSigned(IBufferWriter<byte> writer, long value) => Write(writer, (ulong)((value << 1) ^ (value >> 63)));

    /// <summary>Reads at <paramref name="position"/>; throws <see cref="InvalidDataException"/> past the end or on an over-long number.</summary>
    public static ulong Read(ReadOnlySpan<byte> data, ref int position)
    {
        ulong result = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if ((uint)position >= (uint)data.Length)
            {
                throw new InvalidDataException("Snapshot data ends inside a number.");
            }
            var b = data[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }
        throw new InvalidDataException("Snapshot data has a malformed number.");
    }

    public static long ReadSigned(ReadOnlySpan<byte> data, ref int position)
    {
        var raw = Read(data, ref position);
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }
}
