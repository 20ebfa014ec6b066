using Tradeul.Ingest.DayRecord;
using Tradeul.Shared.Market;
using static Tradeul.Tests.Ingest.DayRecord.DayRecordReadings;

namespace Tradeul.Tests.Ingest.DayRecord;

/// <summary>When the record of the day knows a value, on hand-built quotes of Tuesday 2026-11-24.</summary>
public sealed class TradingDayRecordTests
{
    private static readonly DateOnly Day = new(2026, 11, 24);
    private static readonly TimeSpan MaxGap = TimeSpan.FromMinutes(2);

    /// <summary>A row with no day bar (as Polygon sends it before the open) whose minute bar started a minute before <paramref name="at"/>.</summary>
    private static MarketQuote Row(DateTimeOffset at, double price, double minuteHigh, double minuteLow, long accumulated = 50_000, string symbol = "XYZ") =>
        new(symbol, price, PrevClose: 10, Open: 0, High: 0, Low: 0, Close: 0, Volume: 0, Vwap: 0, accumulated, at.ToUnixTimeMilliseconds(), Bid: 0, Ask: 0)
        {
            MinuteHigh = minuteHigh,
            MinuteLow = minuteLow,
            MinuteStartUnixMs = (at - TimeSpan.FromMinutes(1)).ToUnixTimeMilliseconds(),
        };

    private static MarketQuote Apply(TradingDayRecord record, MarketQuote quote, DateTimeOffset at) =>
        Assert.Single(record.Apply([quote], at, MaxGap).Quotes);

    [Fact]
    public void Watched_from_04_00_the_record_knows_the_high_and_low_of_every_minute_bar()
    {
        var record = new TradingDayRecord(Day);
        Apply(record, Row(NewYork(2026, 11, 24, 4, 1), 10.5, 10.9, 10.2), NewYork(2026, 11, 24, 4, 1));
        var later = Apply(record, Row(NewYork(2026, 11, 24, 4, 2), 10.4, 10.6, 10.3), NewYork(2026, 11, 24, 4, 2));

        Assert.Equal((0.0, 10.9, 10.2, 50_000L), (later.Open, later.High, later.Low, later.Volume));
        Assert.True(record.CoversDayStart);
    }

    [Fact]
    public void A_gap_over_the_limit_makes_the_extremes_unknown_until_the_day_bar_gives_them_again()
    {
        var record = new TradingDayRecord(Day);
        Apply(record, Row(NewYork(2026, 11, 24, 4, 1), 10.5, 10.9, 10.2), NewYork(2026, 11, 24, 4, 1));

        var afterGap = Apply(record, Row(NewYork(2026, 11, 24, 4, 4), 10.4, 10.6, 10.3), NewYork(2026, 11, 24, 4, 4));
        Assert.Equal((0.0, 0.0), (afterGap.High, afterGap.Low));
        Assert.False(record.CoversDayStart);

        // 09:31: the provider's day bar is back and carries the extremes made unseen (11.8).
        var withBar = Row(NewYork(2026, 11, 24, 9, 31), 11.0, 11.1, 10.9) with { Open = 10.8, High = 11.8, Low = 10.1, Volume = 900_000 };
        var anchored = Apply(record, withBar, NewYork(2026, 11, 24, 9, 31));
        Assert.Equal((10.8, 11.8, 10.1, 900_000L), (anchored.Open, anchored.High, anchored.Low, anchored.Volume));

        // A zero day bar again a minute later: the record now vouches for the day bar's extremes.
        var zeroAgain = Apply(record, Row(NewYork(2026, 11, 24, 9, 32), 11.9, 12.0, 11.7, accumulated: 950_000), NewYork(2026, 11, 24, 9, 32));
        Assert.Equal((10.8, 12.0, 10.1, 950_000L), (zeroAgain.Open, zeroAgain.High, zeroAgain.Low, zeroAgain.Volume));
    }

    /// <summary>
    /// Snapshots kept coming, but without one symbol for longer than the limit (a partial answer):
    /// that symbol's extremes may have moved unseen, so they are unknown; the others' stay known.
    /// </summary>
    [Fact]
    public void A_symbol_missing_from_the_snapshots_for_longer_than_the_limit_loses_its_extremes_alone()
    {
        var record = new TradingDayRecord(Day);
        for (var minute = 1; minute <= 5; minute++)
        {
            var at = NewYork(2026, 11, 24, 4, minute);
            List<MarketQuote> rows = [Row(at, 10.5, 10.9, 10.2)];
            if (minute is 1 or 5)
            {
                rows.Add(Row(at, 20.5, 20.9, 20.2, symbol: "GONE"));
            }
            var published = record.Apply(rows, at, MaxGap).Quotes;
            if (minute == 5)
            {
                Assert.Equal((10.9, 10.2), (published[0].High, published[0].Low));
                Assert.Equal((0.0, 0.0), (published[1].High, published[1].Low));
            }
        }
        Assert.True(record.CoversDayStart);
    }

    [Fact]
    public void The_open_is_the_first_trade_seen_at_or_after_09_30_and_none_before()
    {
        var record = new TradingDayRecord(Day);
        for (var minute = 1; minute <= 329; minute++)
        {
            var at = NewYork(2026, 11, 24, 4, 0) + TimeSpan.FromMinutes(minute);
            Assert.Equal(0, Apply(record, Row(at, 10 + minute / 1000.0, 10.5, 10), at).Open);
        }
        var opening = NewYork(2026, 11, 24, 9, 31);
        Assert.Equal(10.42, Apply(record, Row(opening, 10.42, 10.5, 10.3), opening).Open);
        var later = NewYork(2026, 11, 24, 9, 32);
        Assert.Equal(10.42, Apply(record, Row(later, 10.6, 10.7, 10.4), later).Open);
    }

    [Fact]
    public void A_record_started_after_the_open_does_not_make_up_an_open()
    {
        var record = new TradingDayRecord(Day);
        var at = NewYork(2026, 11, 24, 11, 0);
        var quote = Apply(record, Row(at, 10.42, 10.5, 10.3), at);
        Assert.Equal((0.0, 0.0, 0.0), (quote.Open, quote.High, quote.Low));
        Assert.Equal(50_000, quote.Volume);
    }

    [Fact]
    public void Rows_the_validator_drops_and_duplicates_teach_the_record_nothing()
    {
        var record = new TradingDayRecord(Day);
        var at = NewYork(2026, 11, 24, 4, 1);
        var applied = record.Apply(
            [
                Row(at, 10.5, 10.9, 10.2),
                Row(at, 99, 99, 99),                          // the same symbol again: the validator drops it
                Row(at, double.NaN, 500, 1, symbol: "BAD"),   // a non-finite price
                Row(at, 4, 1e12, 3, symbol: "WILD"),          // a minute high no real quote has
            ], at, MaxGap);

        Assert.Equal(10.9, applied.Quotes[0].High);
        Assert.Equal(0, applied.Quotes[1].High);
        Assert.Equal(0, applied.Quotes[2].High);
        Assert.Equal(4, applied.Quotes[3].High);
        Assert.Equal(2, record.Symbols); // XYZ and WILD
    }

    [Fact]
    public void The_kept_form_reads_back_the_same_record_and_refuses_another_day_or_garbage()
    {
        var record = new TradingDayRecord(Day);
        var at = NewYork(2026, 11, 24, 4, 1);
        record.Apply([Row(at, 10.5, 10.9, 10.2), Row(at, 3.25, 3.3, 3.2, accumulated: 7, symbol: "BCpC")], at, MaxGap);

        var kept = DayRecordCodec.Encode(record);
        var back = DayRecordCodec.Decode(kept, Day);

        Assert.Equal(record.Entries().OrderBy(e => e.Symbol, StringComparer.Ordinal), back.Entries().OrderBy(e => e.Symbol, StringComparer.Ordinal));
        Assert.Equal((record.LastObservedAt, record.CoversDayStart), (back.LastObservedAt, back.CoversDayStart));
        Assert.Throws<DayRecordFormatException>(() => DayRecordCodec.Decode(kept, Day.AddDays(1)));
        Assert.Throws<DayRecordFormatException>(() => DayRecordCodec.Decode(kept[..(kept.Length / 2)], Day));
        Assert.Throws<DayRecordFormatException>(() => DayRecordCodec.Decode("garbage"u8.ToArray(), Day));
    }

    [Theory]
    [InlineData("2026-11-24T03:59:59", "2026-11-23")] // Tuesday before 04:00: still Monday's day
    [InlineData("2026-11-24T04:00:00", "2026-11-24")]
    [InlineData("2026-11-24T23:30:00", "2026-11-24")]
    [InlineData("2026-11-28T12:00:00", "2026-11-27")] // Saturday: Friday's (early-close) day stands
    [InlineData("2026-11-30T03:00:00", "2026-11-27")] // Monday before 04:00
    [InlineData("2026-11-26T10:00:00", "2026-11-25")] // Thanksgiving: no trading day of its own
    public void A_trading_day_runs_from_04_00_ET_to_04_00_ET_of_the_next_trading_day(string newYorkTime, string expected)
    {
        var local = DateTime.Parse(newYorkTime, System.Globalization.CultureInfo.InvariantCulture);
        var instant = new DateTimeOffset(local, MarketCalendar.NewYork.GetUtcOffset(local));
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), TradingDay.Of(instant));
    }
}
