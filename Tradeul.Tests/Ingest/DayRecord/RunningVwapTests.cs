using System.IO.Compression;
using System.Text;
using Tradeul.Ingest.DayRecord;
using Tradeul.Shared.Market;
using static Tradeul.Tests.Ingest.DayRecord.DayRecordReadings;

namespace Tradeul.Tests.Ingest.DayRecord;

/// <summary>The record's running VWAP from minute bars, on hand-built quotes of Tuesday 2026-11-24 (figures worked by hand).</summary>
public sealed class RunningVwapTests
{
    private static readonly DateOnly Day = new(2026, 11, 24);
    private static readonly TimeSpan MaxGap = TimeSpan.FromMinutes(2);

    /// <summary>A pre-market row (day bar all zero) showing the minute bar that started at <paramref name="minute"/>.</summary>
    private static MarketQuote Row(DateTimeOffset minute, double minuteVwap, long minuteVolume, long accumulated = 50_000, double price = 10.5, string symbol = "XYZ") =>
        new(symbol, price, PrevClose: 10, Open: 0, High: 0, Low: 0, Close: 0, Volume: 0, Vwap: 0, accumulated, minute.ToUnixTimeMilliseconds(), Bid: 0, Ask: 0)
        {
            MinuteHigh = price + 0.1,
            MinuteLow = price - 0.1,
            MinuteStartUnixMs = minute.ToUnixTimeMilliseconds(),
            MinuteVwap = minuteVwap,
            MinuteVolume = minuteVolume,
        };

    private static double PublishedVwap(TradingDayRecord record, MarketQuote quote, DateTimeOffset at) =>
        Assert.Single(record.Apply([quote], at, MaxGap).Quotes).Vwap;

    private static DateTimeOffset At(int hour, int minute, int second = 0) => NewYork(2026, 11, 24, hour, minute, second);

    [Fact]
    public void Each_minute_counts_once_with_its_latest_values_and_a_gap_makes_the_vwap_unknown()
    {
        var record = new TradingDayRecord(Day);

        // 04:00 bar: 1,000 shares at 10.00.
        Assert.Equal(10.0, PublishedVwap(record, Row(At(4, 0), 10.00, 1_000), At(4, 1)));
        // 04:01 bar, first look: (10.00 x 1,000 + 10.20 x 500) / 1,500 = 15,100 / 1,500 = 10.0667.
        Assert.Equal(10.0667, PublishedVwap(record, Row(At(4, 1), 10.20, 500), At(4, 1, 30)));
        // 04:01 bar again, now 2,000 shares at 10.40: only its latest values count,
        // (10,000 + 20,800) / 3,000 = 10.2667 (counting both looks would give 35,900 / 3,500 = 10.2571).
        Assert.Equal(10.2667, PublishedVwap(record, Row(At(4, 1), 10.40, 2_000), At(4, 2)));
        // 04:02 bar: 1,000 at 10.60, the 04:01 bar final: (10,000 + 20,800 + 10,600) / 4,000 = 10.35.
        Assert.Equal(10.35, PublishedVwap(record, Row(At(4, 2), 10.60, 1_000), At(4, 2, 30)));
        // A stale 04:01 bar showing up again changes nothing.
        Assert.Equal(10.35, PublishedVwap(record, Row(At(4, 1), 99.00, 1_000_000), At(4, 2, 45)));

        // 150 s without a snapshot (over the 2-minute limit): the 04:03 bar went unseen.
        Assert.Equal(0, PublishedVwap(record, Row(At(4, 4), 10.90, 1_000), At(4, 5, 15)));
        Assert.False(Assert.Single(record.Entries()).VwapKnown);

        // 09:31: the provider's day bar carries a VWAP of its own (10.50), the authority, weighted
        // by the day's 10,000 shares (min.av, above the day bar's 9,000): 105,000 USD x shares,
        // with the 09:30 bar's 1,000 shares at 10.80 taken to be inside it.
        var withDayBar = Row(At(9, 30), 10.80, 1_000, accumulated: 10_000) with { Open = 10.4, High = 10.9, Low = 9.9, Close = 10.8, Volume = 9_000, Vwap = 10.50 };
        Assert.Equal(10.50, PublishedVwap(record, withDayBar, At(9, 31)));
        // 09:32, day bar zero again: the 09:31 bar adds 2,000 shares at 11.00:
        // (105,000 + 22,000) / 12,000 = 10.583333 -> 10.5833.
        Assert.Equal(10.5833, PublishedVwap(record, Row(At(9, 31), 11.00, 2_000, accumulated: 12_000), At(9, 32)));
        Assert.True(Assert.Single(record.Entries()).VwapKnown);
    }

    [Fact]
    public void A_record_started_late_does_not_make_up_a_vwap_from_the_minutes_it_saw()
    {
        // First snapshot at 07:01: three hours of trades went unseen.
        var record = new TradingDayRecord(Day);
        Assert.Equal(0, PublishedVwap(record, Row(At(7, 0), 10.00, 1_000), At(7, 1)));
        Assert.Equal(0, PublishedVwap(record, Row(At(7, 1), 10.20, 1_000), At(7, 2)));
        Assert.Equal(0, PublishedVwap(record, Row(At(7, 2), 10.40, 1_000), At(7, 3)));
        Assert.False(Assert.Single(record.Entries()).VwapKnown);
    }

    [Fact]
    public void The_kept_record_carries_the_running_vwap_and_a_version_1_record_is_read_with_the_vwap_unknown()
    {
        var record = new TradingDayRecord(Day);
        record.Apply([Row(At(4, 0), 10.00, 1_000)], At(4, 1), MaxGap);
        record.Apply([Row(At(4, 1), 10.20, 500)], At(4, 1, 30), MaxGap);

        var back = DayRecordCodec.Decode(DayRecordCodec.Encode(record), Day);
        var kept = Assert.Single(back.Entries());
        Assert.Equal(Assert.Single(record.Entries()), kept);
        Assert.True(kept.VwapKnown);
        // The resumed record goes on where it stopped: the 04:01 bar's latest values replace
        // its first look, (10,000 + 10.40 x 2,000) / 3,000 = 10.2667.
        Assert.Equal(10.2667, PublishedVwap(back, Row(At(4, 1), 10.40, 2_000), At(4, 2)));

        // Version 1, as Ingest wrote it before the running VWAP: open, high, low and volume
        // come back known, the VWAP unknown until a day bar gives one.
        var old = DayRecordCodec.Decode(Kept(version: 1, At(4, 1), ("XYZ", 0, 10.9, 10.2, 50_000, true)), Day);
        Assert.Equal(new DayRecordEntryState("XYZ", 0, 10.9, 10.2, 50_000, Known: true), Assert.Single(old.Entries()));
        var resumed = Assert.Single(old.Apply([Row(At(4, 1), 10.40, 2_000)], At(4, 2), MaxGap).Quotes);
        Assert.Equal((10.9, 0.0), (resumed.High, resumed.Vwap));

        // A version this build does not know is refused, and the keeper starts the day afresh.
        Assert.Throws<DayRecordFormatException>(() => DayRecordCodec.Decode(Kept(version: 3, At(4, 1)), Day));
    }

    /// <summary>The version 1 layout (header, then per entry symbol, open, high, low, volume, known), written here by hand.</summary>
    private static byte[] Kept(byte version, DateTimeOffset lastObserved, params (string Symbol, double Open, double High, double Low, long Volume, bool Known)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var brotli = new BrotliStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new BinaryWriter(brotli, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(version);
            writer.Write(Day.DayNumber);
            writer.Write(lastObserved.ToUnixTimeMilliseconds());
            writer.Write(true);
            writer.Write(entries.Length);
            foreach (var e in entries)
            {
                writer.Write(e.Symbol);
                writer.Write(e.Open);
                writer.Write(e.High);
                writer.Write(e.Low);
                writer.Write(e.Volume);
                writer.Write(e.Known);
            }
        }
        return buffer.ToArray();
    }
}
