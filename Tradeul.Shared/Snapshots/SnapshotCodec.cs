using System.Buffers;
using System.IO.Compression;

namespace Tradeul.Shared.Snapshots;

/// <summary>Encodes states and deltas, and packs them as header + Brotli-compressed payload.</summary>
internal static class SnapshotCodec
{
    // Brotli's default window (2^22) is plenty for payloads of a few MB.
    private const int BrotliWindow = 22;

    public static byte[] EncodeFull(SnapshotState state)
    {
        var writer = new ArrayBufferWriter<byte>(state.FullRawLength());
        SnapshotBinary.WriteVarInt(writer, (uint)state.Count);
        foreach (var row in state.Rows)
        {
            SnapshotBinary.WriteString(writer, row.Key);
            SnapshotBinary.WriteBytes(writer, row.Value);
        }
        return writer.WrittenSpan.ToArray();
    }

    public static SnapshotState DecodeFull(ReadOnlySpan<byte> raw)
    {
        var reader = new SnapshotBinary.Reader(raw);
        var rows = new SnapshotRow[reader.ReadCount()];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = new SnapshotRow(reader.ReadString(), reader.ReadBytes());
        }
        EnsureEnd(reader);
        try
        {
            return SnapshotState.Own(rows);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException(ex.Message, ex);
        }
    }

    public static byte[] EncodeDelta(SnapshotDelta delta)
    {
        var writer = new ArrayBufferWriter<byte>(256);
        SnapshotBinary.WriteVarInt(writer, (uint)delta.Removes.Count);
        foreach (var key in delta.Removes)
        {
            SnapshotBinary.WriteString(writer, key);
        }
        SnapshotBinary.WriteVarInt(writer, (uint)delta.Upserts.Count);
        foreach (var row in delta.Upserts)
        {
            SnapshotBinary.WriteString(writer, row.Key);
            SnapshotBinary.WriteBytes(writer, row.Value);
        }
        SnapshotBinary.WriteVarInt(writer, (uint)delta.Moves.Count);
        foreach (var (key, index) in delta.Moves)
        {
            SnapshotBinary.WriteString(writer, key);
            SnapshotBinary.WriteVarInt(writer, (uint)index);
        }
        SnapshotBinary.WriteVarInt(writer, (uint)delta.FinalCount);
        SnapshotBinary.WriteVarInt(writer, (uint)delta.Patches.Count);
        foreach (var patch in delta.Patches)
        {
            SnapshotBinary.WriteString(writer, patch.Key);
            SnapshotBinary.WriteVarInt(writer, (uint)patch.TokenCount);
            SnapshotBinary.WriteVarInt(writer, (uint)patch.Tokens.Count);
            foreach (var (index, token) in patch.Tokens)
            {
                SnapshotBinary.WriteVarInt(writer, (uint)index);
                SnapshotBinary.WriteBytes(writer, token);
            }
        }
        return writer.WrittenSpan.ToArray();
    }

    public static SnapshotDelta DecodeDelta(ReadOnlySpan<byte> raw)
    {
        var reader = new SnapshotBinary.Reader(raw);
        var removes = new string[reader.ReadCount()];
        for (var i = 0; i < removes.Length; i++)
        {
            removes[i] = reader.ReadString();
        }
        var upserts = new SnapshotRow[reader.ReadCount()];
        for (var i = 0; i < upserts.Length; i++)
        {
            upserts[i] = new SnapshotRow(reader.ReadString(), reader.ReadBytes());
        }
        var moves = new (string, int)[reader.ReadCount()];
        for (var i = 0; i < moves.Length; i++)
        {
            moves[i] = (reader.ReadString(), checked((int)reader.ReadVarInt()));
        }
        var finalCount = checked((int)reader.ReadVarInt());
        // Deltas written before field patches existed end here; they stay readable.
        var patches = reader.AtEnd ? [] : new SnapshotPatch[reader.ReadCount()];
        for (var i = 0; i < patches.Length; i++)
        {
            var key = reader.ReadString();
            var tokenCount = checked((int)reader.ReadVarInt());
            var tokens = new (int, byte[])[reader.ReadCount()];
            var last = -1;
            for (var t = 0; t < tokens.Length; t++)
            {
                var index = checked((int)reader.ReadVarInt());
                if (index <= last || index >= tokenCount)
                {
                    throw new InvalidDataException($"Patch of '{key}' has field {index} out of order or out of its {tokenCount} fields.");
                }
                tokens[t] = (last = index, reader.ReadBytes());
            }
            patches[i] = new SnapshotPatch(key, tokenCount, tokens);
        }
        EnsureEnd(reader);
        return new SnapshotDelta(removes, upserts, moves, finalCount, patches);
    }

    public static byte[] Pack(SnapshotHeader header, ReadOnlySpan<byte> raw, int quality)
    {
        var packed = new byte[SnapshotHeader.Size + BrotliEncoder.GetMaxCompressedLength(raw.Length)];
        if (!BrotliEncoder.TryCompress(raw, packed.AsSpan(SnapshotHeader.Size), out var written, quality, BrotliWindow))
        {
            throw new InvalidOperationException("Brotli could not compress the snapshot payload.");
        }
        header.Write(packed);
        return packed.AsSpan(0, SnapshotHeader.Size + written).ToArray();
    }

    public static (SnapshotHeader Header, byte[] Raw) Unpack(ReadOnlySpan<byte> packed)
    {
        var header = SnapshotHeader.Read(packed);
        var raw = new byte[header.RawLength];
        if (!BrotliDecoder.TryDecompress(packed[SnapshotHeader.Size..], raw, out var written) || written != raw.Length)
        {
            throw new InvalidDataException($"Snapshot payload {header.Sequence} does not decompress to its {header.RawLength} bytes.");
        }
        return (header, raw);
    }

    private static void EnsureEnd(SnapshotBinary.Reader reader)
    {
        if (!reader.AtEnd)
        {
            throw new InvalidDataException("Snapshot payload has trailing bytes.");
        }
    }
}
