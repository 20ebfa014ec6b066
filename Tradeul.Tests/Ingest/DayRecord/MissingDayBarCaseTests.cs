using Tradeul.Ingest.DayRecord;
using Tradeul.Shared.Market;
using Tradeul.Shared.Redis;
using Tradeul.Tests.Infrastructure;
using Xunit.Abstractions;
using static Tradeul.Tests.Ingest.DayRecord.DayRecordReadings;

namespace Tradeul.Tests.Ingest.DayRecord;

/// <summary>
/// Issue 11, cases 02a and 02b (<c>Cases/</c>): the same three tickers at 18:00 ET on Monday
/// 2026-11-30, first with real day bars, then with the day bar all zero. Served by a local
/// HTTP server to the real Polygon provider, through Ingest and the Scanner on a real Redis.
/// </summary>
[Collection(RealServersCollection.Name)]
public sealed class MissingDayBarCaseTests(ITestOutputHelper output)
{
    private const string NewHighs = "new_highs";
    private const string NewLows = "new_lows";
    private static readonly string Case02a = MarketCases.Text("02a_postmarket_normal.json");
    private static readonly string Case02b = MarketCases.Text("02b_postmarket_day_all_zero.json");

    [Fact]
    public async Task After_02a_the_zero_day_bar_of_02b_is_filled_from_the_record_and_BBB_is_no_new_high()
    {
        await using var platform = await PolygonFedPlatform.StartAsync(output);

        await platform.CycleAsync(Case02a, TimeSpan.Zero);
        var afterNormal = await platform.PublishedAsync();
        // AAA's minute bar (11.3) is above its day bar's high (10.9): the day bar lags, the record does not.
        AssertDay(afterNormal["AAA"], open: 10.0, high: 11.3, low: 9.9, volume: 2_500_000);

        await platform.CycleAsync(Case02b, TimeSpan.FromSeconds(5));

        var published = await platform.PublishedAsync();
        AssertDay(published["AAA"], open: 10.0, high: 11.3, low: 9.9, volume: 2_600_000);
        AssertDay(published["BBB"], open: 50.0, high: 50.5, low: 46.8, volume: 850_000);
        AssertDay(published["CCC"], open: 5.0, high: 5.2, low: 4.9, volume: 420_000);
        // 02b's day vw is zero too: the record's VWAP is 02a's day vw, the same minute bar seen again adding nothing.
        Assert.Equal((10.4, 49.1, 5.05), (published["AAA"].Vwap, published["BBB"].Vwap, published["CCC"].Vwap));

        var scanned = await platform.ScannedAsync(MarketSession.PostMarket);
        Assert.Equal(-4.48, scanned["BBB"].VwapDistancePercent); // (46.90 - 49.10) / 49.10
        Assert.Equal(7.13, scanned["BBB"].FromHighPercent);   // (50.50 - 46.90) / 50.50, not 0.42 % from the minute bar's 47.10
        Assert.Equal(0.21, scanned["BBB"].FromLowPercent);    // (46.90 - 46.80) / 46.80
        Assert.False(scanned["BBB"].In(NewHighs));
        Assert.True(scanned["BBB"].In(NewLows));
        Assert.Equal(0.44, scanned["AAA"].FromHighPercent);   // (11.30 - 11.25) / 11.30
        Assert.Equal(13.64, scanned["AAA"].FromLowPercent);   // (11.25 - 9.90) / 9.90
        Assert.True(scanned["AAA"].In(NewHighs));
        Assert.False(scanned["AAA"].In(NewLows));
        Assert.Equal(1.92, scanned["CCC"].FromHighPercent);   // (5.20 - 5.10) / 5.20
        Assert.Equal(4.08, scanned["CCC"].FromLowPercent);    // (5.10 - 4.90) / 4.90
        Assert.True(scanned["CCC"].In(NewHighs));
        Assert.False(scanned["CCC"].In(NewLows));
        Assert.DoesNotContain(scanned.Values, row => row.In(NewHighs) && row.In(NewLows));

        var record = platform.DayRecord;
        Assert.Equal("2026-11-30", record.TradingDay);
        Assert.False(record.CoversDayStart);
        Assert.Equal(3, record.FilledRows);
        Assert.Equal(0, record.UnknownRows);
    }

    [Fact]
    public async Task The_02b_zero_day_bar_on_a_fresh_record_leaves_high_and_low_unknown_and_nobody_a_new_high_or_low()
    {
        await using var platform = await PolygonFedPlatform.StartAsync(output);

        await platform.CycleAsync(Case02b, TimeSpan.Zero);

        // A record started at 18:00 has not seen the day: the volume is cumulative (min.av) and
        // known, the extremes and the 09:30 open are not.
        var published = await platform.PublishedAsync();
        AssertDay(published["AAA"], open: 0, high: 0, low: 0, volume: 2_600_000);
        AssertDay(published["BBB"], open: 0, high: 0, low: 0, volume: 850_000);
        AssertDay(published["CCC"], open: 0, high: 0, low: 0, volume: 420_000);
        Assert.All(published.Values, quote => Assert.Equal(0, quote.Vwap)); // one minute bar is not the day's VWAP

        var scanned = await platform.ScannedAsync(MarketSession.PostMarket);
        Assert.Equal(["AAA", "BBB", "CCC"], scanned.Keys.Order());
        foreach (var row in scanned.Values)
        {
            Assert.Null(row.FromHighPercent);
            Assert.Null(row.FromLowPercent);
            Assert.Null(row.VwapDistancePercent);
            Assert.False(row.In(NewHighs), $"{row.Symbol} is listed as a new high");
            Assert.False(row.In(NewLows), $"{row.Symbol} is listed as a new low");
        }
        Assert.True(scanned["BBB"].In("post_market")); // still ranked where the known values suffice

        var record = platform.DayRecord;
        Assert.Equal(3, record.UnknownRows);
        Assert.Equal(3, record.FilledRows);
        Assert.Equal(3, record.UnknownRowsTotal);
    }

    [Fact]
    public async Task A_restarted_Ingest_resumes_the_day_from_Redis()
    {
        await using var platform = await PolygonFedPlatform.StartAsync(output);
        await platform.CycleAsync(Case02a, TimeSpan.Zero);

        // A crash: nothing written at shutdown; the first cycle's write is what survives.
        await platform.RestartIngestAsync(graceful: false);
        await platform.CycleAsync(Case02b, TimeSpan.FromSeconds(30));

        var published = await platform.PublishedAsync();
        AssertDay(published["BBB"], open: 50.0, high: 50.5, low: 46.8, volume: 850_000);
        var scanned = await platform.ScannedAsync(MarketSession.PostMarket);
        Assert.Equal(7.13, scanned["BBB"].FromHighPercent);
        Assert.False(scanned["BBB"].In(NewHighs));
        Assert.Equal(3, platform.DayRecord.Symbols);
        var ttl = await platform.Database.KeyTimeToLiveAsync(RedisKeys.DayRecord(new DateOnly(2026, 11, 30)));
        Assert.InRange(ttl!.Value, TimeSpan.FromDays(2) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(2));
    }

    /// <summary>
    /// With writes an hour apart, only the first cycle and the shutdown write keep the record.
    /// 02b comes 90 s after the last snapshot seen but 180 s after the first: a record resumed
    /// from the shutdown write has watched without a gap over two minutes; one resumed from
    /// the first cycle's write cannot vouch for the day high and says so.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task At_shutdown_the_record_is_written_so_a_graceful_restart_keeps_what_a_crash_cannot(bool graceful)
    {
        await using var platform = await PolygonFedPlatform.StartAsync(output, ("Ingest:DayRecord:PersistInterval", "01:00:00"));
        await platform.CycleAsync(Case02a, TimeSpan.Zero);
        await platform.CycleAsync(Case02a, TimeSpan.FromSeconds(90));

        await platform.RestartIngestAsync(graceful);
        await platform.CycleAsync(Case02b, TimeSpan.FromSeconds(90));

        var bbb = (await platform.ScannedAsync(MarketSession.PostMarket))["BBB"];
        var high = (await platform.PublishedAsync())["BBB"].High;
        if (graceful)
        {
            Assert.Equal(50.5, high);
            Assert.Equal(7.13, bbb.FromHighPercent);
        }
        else
        {
            Assert.Equal(0, high);
            Assert.Null(bbb.FromHighPercent);
        }
        Assert.False(bbb.In(NewHighs));
    }

    [Fact]
    public async Task The_next_trading_day_starts_a_fresh_record_at_04_00_and_yesterdays_minute_bars_teach_it_nothing()
    {
        await using var platform = await PolygonFedPlatform.StartAsync(output);
        await platform.CycleAsync(Case02a, TimeSpan.Zero);
        await platform.CycleAsync(Case02b, TimeSpan.FromSeconds(5));

        // Tuesday 04:00:30: Polygon still shows Monday's minute bars and no day bar.
        var tuesday = NewYork(2026, 12, 1, 4, 0, 30);
        platform.Time.Advance(tuesday - platform.Time.GetUtcNow());
        await platform.CycleAsync(Case02b, TimeSpan.Zero);
        var leftovers = await platform.PublishedAsync();
        Assert.Equal(0, leftovers["BBB"].High);
        Assert.Equal(0, leftovers["BBB"].Low);
        Assert.All((await platform.ScannedAsync(MarketSession.PreMarket)).Values, row => Assert.Null(row.FromHighPercent));

        // Tuesday 04:01: the same rows traded today. The record has watched since 04:00, so
        // today's minute bar is the whole day so far: Monday's 50.50 high is gone.
        await platform.CycleAsync(Shifted(Case02b, TimeSpan.FromHours(10) + TimeSpan.FromMinutes(1)), TimeSpan.FromSeconds(30));
        var published = await platform.PublishedAsync();
        AssertDay(published["BBB"], open: 0, high: 47.1, low: 46.8, volume: 850_000);
        var scanned = await platform.ScannedAsync(MarketSession.PreMarket);
        Assert.Equal(0.42, scanned["BBB"].FromHighPercent);  // (47.10 - 46.90) / 47.10
        Assert.True(scanned["BBB"].In(NewHighs));

        var record = platform.DayRecord;
        Assert.Equal("2026-12-01", record.TradingDay);
        Assert.True(record.CoversDayStart);
        Assert.True(await platform.Database.KeyExistsAsync(RedisKeys.DayRecord(new DateOnly(2026, 12, 1))));
        var monday = await platform.Database.KeyTimeToLiveAsync(RedisKeys.DayRecord(new DateOnly(2026, 11, 30)));
        Assert.InRange(monday!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromDays(2));
    }

    [Fact]
    public async Task An_unreadable_kept_record_is_counted_and_the_day_starts_afresh()
    {
        await using var platform = await PolygonFedPlatform.StartAsync(output);
        await platform.Database.StringSetAsync(RedisKeys.DayRecord(new DateOnly(2026, 11, 30)), "not a day record"u8.ToArray());

        await platform.CycleAsync(Case02b, TimeSpan.Zero);

        var record = platform.DayRecord;
        Assert.Equal(1, record.LoadFailures);
        Assert.Contains(nameof(DayRecordFormatException), record.LastError, StringComparison.Ordinal);
        Assert.Equal(0, (await platform.PublishedAsync())["BBB"].High);
        // The fresh record replaced the unreadable bytes.
        var kept = (byte[])(await platform.Database.StringGetAsync(RedisKeys.DayRecord(new DateOnly(2026, 11, 30))))!;
        Assert.Equal(3, DayRecordCodec.Decode(kept, new DateOnly(2026, 11, 30)).Symbols);
    }

    private static void AssertDay(MarketQuote quote, double open, double high, double low, long volume)
    {
        Assert.Equal((open, high, low, volume), (quote.Open, quote.High, quote.Low, quote.Volume));
    }
}
