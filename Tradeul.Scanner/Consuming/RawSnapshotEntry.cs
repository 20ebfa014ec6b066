using System.Globalization;
using StackExchange.Redis;
using Tradeul.Shared.Market;

namespace Tradeul.Scanner.Consuming;

/// <summary>Reads one <c>snapshots:raw</c> entry's fields (<see cref="RawSnapshotFormat"/>) and decodes its snapshot.</summary>
public static class RawSnapshotEntry
{
    /// <summary>Decodes into <paramref name="decoder"/>'s reused snapshot.</summary>
    /// <exception cref="RawSnapshotDecodeException">A field is missing or not a number, or the data does not decode.</exception>
    public static RawSnapshot Decode(RawSnapshotDecoder decoder, StreamEntry entry)
    {
        var version = Integer(entry, RawSnapshotFormat.VersionField);
        var data = entry[RawSnapshotFormat.DataField];
        if (data.IsNull)
        {
            throw new RawSnapshotDecodeException(RawSnapshotDecodeException.MissingField, $"Entry has no '{RawSnapshotFormat.DataField}' field.");
        }
        return decoder.Decode(
            (int)Math.Clamp(version, int.MinValue, int.MaxValue),
            Integer(entry, RawSnapshotFormat.SequenceField),
            AsOfUnixMs(entry),
            (int)Math.Clamp(Integer(entry, RawSnapshotFormat.RowsField), -1, int.MaxValue),
            (byte[])data!);
    }

    /// <summary>The entry's as-of time (Unix ms) without decoding its data.</summary>
    /// <exception cref="RawSnapshotDecodeException">The field is missing or not a number.</exception>
    public static long AsOfUnixMs(StreamEntry entry) => Integer(entry, RawSnapshotFormat.AsOfField);

    private static long Integer(StreamEntry entry, string field)
    {
        var value = entry[field];
        if (value.IsNull)
        {
            throw new RawSnapshotDecodeException(RawSnapshotDecodeException.MissingField, $"Entry has no '{field}' field.");
        }
        return long.TryParse((string?)value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new RawSnapshotDecodeException(RawSnapshotDecodeException.CorruptData, $"Field '{field}' is not an integer.");
    }
}
