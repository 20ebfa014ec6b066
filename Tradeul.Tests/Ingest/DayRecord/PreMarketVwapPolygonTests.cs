using System.Globalization;
using Tradeul.Shared.Market;
using Tradeul.Tests.Infrastructure;
using Xunit.Abstractions;
using static Tradeul.Tests.Ingest.DayRecord.DayRecordReadings;

namespace Tradeul.Tests.Ingest.DayRecord;

/// <summary>
/// The real Polygon provider in the pre-market, from a local HTTP server: the day bar is all
/// zero (its <c>vw</c> too) and only the minute bar carries <c>vw</c> and <c>v</c>, so the
/// published VWAP is the record's running one.
/// </summary>
[Collection(RealServersCollection.Name)]
public sealed class PreMarketVwapPolygonTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Over_two_minutes_of_pre_market_the_published_vwap_is_the_volume_weighted_mean_of_the_minute_bars()
    {
        await using var platform = await PolygonFedPlatform.StartAsync(output);
        var minute0400 = NewYork(2026, 12, 1, 4, 0);
        var minute0401 = NewYork(2026, 12, 1, 4, 1);
        platform.Time.Advance(NewYork(2026, 12, 1, 4, 0, 30) - platform.Time.GetUtcNow());

        // 04:00:30, the 04:00 bar so far: 2,000 shares at 5.10.
        await platform.CycleAsync(PreMarketRow(platform.Time.GetUtcNow(), minute0400, vw: 5.10, v: 2_000, av: 2_000, price: 5.12), TimeSpan.Zero);
        Assert.Equal(5.10, (await platform.PublishedAsync())["PMKT"].Vwap);

        // 04:01:00, the 04:00 bar complete: 3,000 shares at 5.12; it replaces its first look.
        await platform.CycleAsync(PreMarketRow(platform.Time.GetUtcNow() + TimeSpan.FromSeconds(30), minute0400, vw: 5.12, v: 3_000, av: 3_000, price: 5.15), TimeSpan.FromSeconds(30));
        Assert.Equal(5.12, (await platform.PublishedAsync())["PMKT"].Vwap);

        // 04:01:45, the 04:01 bar: 1,000 shares at 5.30. (5.12 x 3,000 + 5.30 x 1,000) / 4,000 = 20,660 / 4,000 = 5.165.
        await platform.CycleAsync(PreMarketRow(platform.Time.GetUtcNow() + TimeSpan.FromSeconds(45), minute0401, vw: 5.30, v: 1_000, av: 4_000, price: 5.35), TimeSpan.FromSeconds(45));
        var published = (await platform.PublishedAsync())["PMKT"];
        Assert.Equal((5.165, 4_000L), (published.Vwap, published.Volume));

        var scanned = (await platform.ScannedAsync(MarketSession.PreMarket))["PMKT"];
        Assert.Equal(3.58, scanned.VwapDistancePercent); // (5.35 - 5.165) / 5.165, null while the VWAP was the day bar's zero
        Assert.True(platform.DayRecord.CoversDayStart);
        Assert.Equal(1, platform.DayRecord.FilledRows);
    }

    /// <summary>One pre-market row as Polygon sends it: <c>day</c> all zero, the minute bar starting at <paramref name="minute"/>.</summary>
    private static string PreMarketRow(DateTimeOffset asOf, DateTimeOffset minute, double vw, long v, long av, double price)
    {
        var updatedNs = asOf.ToUnixTimeMilliseconds() * 1_000_000;
        return string.Create(CultureInfo.InvariantCulture, $$$"""
            {"status":"OK","count":1,"tickers":[
             {"ticker":"PMKT","updated":{{{updatedNs}}},"day":{"o":0,"h":0,"l":0,"c":0,"v":0,"vw":0},
              "min":{"av":{{{av}}},"t":{{{minute.ToUnixTimeMilliseconds()}}},"n":12,"o":{{{price}}},"h":{{{price + 0.02}}},"l":{{{price - 0.02}}},"c":{{{price}}},"v":{{{v}}},"vw":{{{vw}}}},
              "prevDay":{"o":4.9,"h":5.05,"l":4.85,"c":5.0,"v":900000,"vw":4.97},
              "lastTrade":{"p":{{{price}}},"s":100,"t":{{{updatedNs}}},"x":4}}
            ]}
            """);
    }
}
