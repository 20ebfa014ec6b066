using System.Buffers.Binary;

namespace Tradeul.Shared.Snapshots;

/// <summary>
/// Uncompressed prefix of every stored snapshot payload, so a reader can check kind and
/// chain (base, previous sequence) before decompressing anything.
/// </summary>
internal readonly record struct SnapshotHeader(
    SnapshotKind Kind,
    long Sequence,
    long BaseSequence,
    long PreviousSequence,
    long SavedAtUnixMs,
    int RawLength,
    int RowCount)
{
    public const int Size = 2 + 1 + 1 + 8 + 8 + 8 + 8 + 4 + 4;
    public const byte Version = 1;
    private const byte Magic0 = (byte)'T';
    private const byte Magic1 = (byte)'S';

    /// <summary>A raw payload larger than this is refused rather than allocated.</summary>
    public const int MaxRawLength = 512 * 1024 * 1024;

    public void Write(Span<byte> destination)
    {
        destination[0] = Magic0;
        destination[1] = Magic1;
        destination[2] = Version;
        destination[3] = (byte)Kind;
        BinaryPrimitives.WriteInt64LittleEndian(destination[4..], Sequence);
        BinaryPrimitives.WriteInt64LittleEndian(destination[12..], BaseSequence);
        BinaryPrimitives.WriteInt64LittleEndian(destination[20..], PreviousSequence);
        BinaryPrimitives.WriteInt64LittleEndian(destination[28..], SavedAtUnixMs);
        BinaryPrimitives.WriteInt32LittleEndian(destination[36..], RawLength);
        BinaryPrimitives.WriteInt32LittleEndian(destination[40..], RowCount);
    }

    public static SnapshotHeader Read(ReadOnlySpan<byte> source)
    {
        if (source.Length < Size || source[0] != Magic0 || source[1] != Magic1)
        {
            throw new InvalidDataException("Not a Tradeul snapshot payload.");
        }
        if (source[2] != Version)
        {
            throw new InvalidDataException($"Snapshot payload version {source[2]} is not supported (expected {Version}).");
        }
        var kind = (SnapshotKind)source[3];
        if (kind is not (SnapshotKind.Full or SnapshotKind.Delta))
        {
            throw new InvalidDataException($"Snapshot payload has unknown kind {source[3]}.");
        }
        var header = new SnapshotHeader(
            kind,
            BinaryPrimitives.ReadInt64LittleEndian(source[4..]),
            BinaryPrimitives.ReadInt64LittleEndian(source[12..]),
            BinaryPrimitives.ReadInt64LittleEndian(source[20..]),
            BinaryPrimitives.ReadInt64LittleEndian(source[28..]),
            BinaryPrimitives.ReadInt32LittleEndian(source[36..]),
            BinaryPrimitives.ReadInt32LittleEndian(source[40..]));
        if (header.RawLength is < 0 or > MaxRawLength)
        {
            throw new InvalidDataException($"Snapshot payload claims a raw length of {header.RawLength} bytes.");
        }
        return header;
    }
}
