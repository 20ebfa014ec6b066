using System.Buffers;
using System.Text;

namespace Tradeul.Shared.Snapshots;

/// <summary>Length-prefixed binary primitives (LEB128 varints, UTF-8 strings) for the snapshot encodings.</summary>
internal static class SnapshotBinary
{
    public static int VarIntLength(uint value)
    {
        var length = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            length++;
        }
        return length;
    }

    public static int StringLength(string value)
    {
        var bytes = Encoding.UTF8.GetByteCount(value);
        return VarIntLength((uint)bytes) + bytes;
    }

    public static int BytesLength(byte[] value) => VarIntLength((uint)value.Length) + value.Length;

    public static void WriteVarInt(IBufferWriter<byte> writer, uint value) => Market.VarInt.Write(writer, value);

    public static void WriteString(IBufferWriter<byte> writer, string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        WriteVarInt(writer, (uint)count);
        var written = Encoding.UTF8.GetBytes(value, writer.GetSpan(count));
        writer.Advance(written);
    }

    public static void WriteBytes(IBufferWriter<byte> writer, ReadOnlySpan<byte> value)
    {
        WriteVarInt(writer, (uint)value.Length);
        writer.Write(value);
    }

    /// <summary>Reads what the writer wrote; any overrun or malformed varint is an <see cref="InvalidDataException"/>.</summary>
    public ref struct Reader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _position;

        public readonly bool AtEnd => _position == _data.Length;

        public uint ReadVarInt()
        {
            var value = Market.VarInt.Read(_data, ref _position);
            return value <= uint.MaxValue ? (uint)value : throw new InvalidDataException("Snapshot payload has a number out of range.");
        }

        public int ReadCount()
        {
            var value = ReadVarInt();
            if (value > int.MaxValue || value > (uint)(_data.Length - _position) + 1)
            {
                // Every counted item takes at least a byte; a larger count is corruption.
                throw new InvalidDataException($"Snapshot payload claims {value} items in {_data.Length - _position} bytes.");
            }
            return (int)value;
        }

        public ReadOnlySpan<byte> ReadSpan()
        {
            var length = ReadVarInt();
            if (length > (uint)(_data.Length - _position))
            {
                throw new InvalidDataException("Snapshot payload ends inside a value.");
            }
            var span = _data.Slice(_position, (int)length);
            _position += (int)length;
            return span;
        }

        public string ReadString()
        {
            try
            {
                return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(ReadSpan());
            }
            catch (DecoderFallbackException ex)
            {
                throw new InvalidDataException("Snapshot payload has a key that is not UTF-8.", ex);
            }
        }

        public byte[] ReadBytes() => ReadSpan().ToArray();
    }
}
