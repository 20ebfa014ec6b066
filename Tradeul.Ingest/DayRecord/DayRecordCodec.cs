using System.IO.Compression;
using System.Text;
using Tradeul.Ingest.Validation;
using Tradeul.Shared.Market;

namespace Tradeul.Ingest.DayRecord;

/// <summary>
/// The record of a day as kept in Redis: Brotli over a versioned binary layout (version byte,
/// trading date as a day number, last observed as-of in Unix ms, whether it covers 04:00, the
/// entry count, then per entry symbol, open, high, low (USD doubles), volume (shares) and
/// whether its extremes are known; from version 2 also its running VWAP: the sums (USD x shares,
/// shares), the latest minute's start (Unix ms), its price x volume and volume, and whether the
/// VWAP is known). About 80 bytes a symbol before compression.
/// <para>
/// Version 1 (before the running VWAP) is still read, so a deploy during the day keeps the
/// day's open, high, low and volume; its entries come back with the VWAP unknown, which only
/// a day bar's VWAP makes known again that day. Any other version is refused
/// (<see cref="DayRecordFormatException"/>) and the day starts afresh.
/// </para>
/// </summary>
internal static class DayRecordCodec
{
    public const byte Version = 2;

    /// <summary>The layout without the running VWAP, still read.</summary>
    private const byte VersionWithoutVwap = 1;

    // Brotli's fastest level (quality 1) already shrinks the repeated structure well; the record
    // is written every PersistInterval by the ingest cycle, so encoding must stay cheap.
    private const int Quality = 1;
    private const int Window = 22;

    public static byte[] Encode(TradingDayRecord record)
    {
        // The layout is written whole and compressed in one call: a BinaryWriter straight over a
        // BrotliStream made one native compress call per field, 12 per symbol, and took about half a
        // second of CPU for 12,000 symbols, every PersistInterval.
        using var layout = new MemoryStream(record.Symbols * 96 + 64);
        using (var writer = new BinaryWriter(layout, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Version);
            writer.Write(record.Date.DayNumber);
            writer.Write(record.LastObservedAt?.ToUnixTimeMilliseconds() ?? 0L);
            writer.Write(record.CoversDayStart);
            writer.Write(record.Symbols);
            foreach (var entry in record.Entries())
            {
                writer.Write(entry.Symbol);
                writer.Write(entry.Open);
                writer.Write(entry.High);
                writer.Write(entry.Low);
                writer.Write(entry.Volume);
                writer.Write(entry.Known);
                writer.Write(entry.Vwap.PriceVolume);
                writer.Write(entry.Vwap.Volume);
                writer.Write(entry.Vwap.MinuteStartUnixMs);
                writer.Write(entry.Vwap.MinutePriceVolume);
                writer.Write(entry.Vwap.MinuteVolume);
                writer.Write(entry.VwapKnown);
            }
        }
        var raw = layout.GetBuffer().AsSpan(0, (int)layout.Length);
        var compressed = new byte[BrotliEncoder.GetMaxCompressedLength(raw.Length)];
        return BrotliEncoder.TryCompress(raw, compressed, out var written, Quality, Window)
            ? compressed[..written]
            : throw new InvalidOperationException("Brotli could not compress the day record.");
    }

    /// <exception cref="DayRecordFormatException">The bytes are not a record of <paramref name="expected"/> in this layout.</exception>
    public static TradingDayRecord Decode(byte[] data, DateOnly expected)
    {
        try
        {
            using var brotli = new BrotliStream(new MemoryStream(data, writable: false), CompressionMode.Decompress);
            using var reader = new BinaryReader(brotli, Encoding.UTF8);
            var version = reader.ReadByte();
            if (version is not (Version or VersionWithoutVwap))
            {
                throw new DayRecordFormatException($"Day record version {version} is neither {Version} nor {VersionWithoutVwap}.");
            }
            var date = DateOnly.FromDayNumber(reader.ReadInt32());
            if (date != expected)
            {
                throw new DayRecordFormatException($"The record kept for {expected:yyyy-MM-dd} is of {date:yyyy-MM-dd}.");
            }
            var lastObservedMs = reader.ReadInt64();
            var coversDayStart = reader.ReadBoolean();
            var count = reader.ReadInt32();
            if (count is < 0 or > RawSnapshotFormat.MaxRows)
            {
                throw new DayRecordFormatException($"Day record claims {count} symbols (at most {RawSnapshotFormat.MaxRows}).");
            }
            var entries = new List<DayRecordEntryState>(count);
            for (var i = 0; i < count; i++)
            {
                var entry = new DayRecordEntryState(reader.ReadString(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadInt64(), reader.ReadBoolean());
                if (version == Version)
                {
                    entry = entry with { Vwap = ReadVwap(reader), VwapKnown = reader.ReadBoolean() };
                }
                if (!IsPriceOrZero(entry.Open) || !IsPriceOrZero(entry.High) || !IsPriceOrZero(entry.Low) || entry.Volume < 0 || !IsPossible(entry.Vwap))
                {
                    throw new DayRecordFormatException($"Day record entry {i} ({entry.Symbol}) holds an impossible value.");
                }
                entries.Add(entry);
            }
            var lastObserved = lastObservedMs == 0 ? (DateTimeOffset?)null : DateTimeOffset.FromUnixTimeMilliseconds(lastObservedMs);
            return new TradingDayRecord(date, lastObserved, coversDayStart, entries);
        }
        // BrotliStream reports bytes that are not Brotli as InvalidOperationException.
        catch (Exception ex) when (ex is IOException or InvalidDataException or InvalidOperationException or ArgumentOutOfRangeException)
        {
            throw new DayRecordFormatException($"The kept day record of {expected:yyyy-MM-dd} cannot be read: {ex.Message}", ex);
        }
    }

    private static RunningVwap ReadVwap(BinaryReader reader) => new()
    {
        PriceVolume = reader.ReadDouble(),
        Volume = reader.ReadInt64(),
        MinuteStartUnixMs = reader.ReadInt64(),
        MinutePriceVolume = reader.ReadDouble(),
        MinuteVolume = reader.ReadInt64(),
    };

    private static bool IsPossible(in RunningVwap vwap) =>
        double.IsFinite(vwap.PriceVolume) && vwap.PriceVolume >= 0 && vwap.Volume >= 0 && vwap.MinuteStartUnixMs >= 0
        && double.IsFinite(vwap.MinutePriceVolume) && vwap.MinutePriceVolume >= 0 && vwap.MinuteVolume >= 0;

    private static bool IsPriceOrZero(double value) => double.IsFinite(value) && value >= 0 && value <= QuoteValidator.MaxPrice;
}

/// <summary>A kept day record that cannot be read back; Ingest starts the day's record afresh and counts it.</summary>
public sealed class DayRecordFormatException(string message, Exception? inner = null) : Exception(message, inner);
