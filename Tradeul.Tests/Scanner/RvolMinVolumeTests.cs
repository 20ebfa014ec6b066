using System.Collections.Frozen;
using Tradeul.Scanner.Compute;
using Tradeul.Scanner.Enrichment;
using Tradeul.Shared.Market;
using static Tradeul.Tests.Scanner.ScanTestMarket;

namespace Tradeul.Tests.Scanner;

/// <summary>RVOL counts only with RvolMinVolume shares behind it (issue 11: 8,534 shares topped high_volume).</summary>
public sealed class RvolMinVolumeTests
{
    private static readonly MarketQuote[] Market =
    [
        Quote("THIN", 15, 10, 15, 8_534),      // gap +50 %, RVOL 8.53 against a 1,000-share baseline
        Quote("REAL", 12, 10, 12, 400_000),    // gap +20 %, RVOL 4 against the usual 100,000
    ];

    private static readonly FrozenDictionary<string, TickerEnrichment> Enrichment = new Dictionary<string, TickerEnrichment>
    {
        ["THIN"] = FlatBaselines("THIN")["THIN"] with { Baseline = Enumerable.Repeat(1_000.0, RvolSlots.Count).ToArray() },
        ["REAL"] = FlatBaselines("REAL")["REAL"],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static ScanResult Scan(ScanThresholds thresholds) =>
        new ScanEngine(thresholds, 10, 50).Scan(Snapshot(MarketOpen, Market), Enrichment);

    private static string[] Ranked(ScanResult result, string category) =>
        result.Categories.Single(c => c.Name == category).Rows.Select(r => r.Symbol).ToArray();

    [Fact]
    public void A_name_under_the_minimum_volume_is_in_neither_high_volume_nor_anomalies()
    {
        var result = Scan(new ScanThresholds());

        Assert.Equal(8.53, result.Filtered.Single(r => r.Symbol == "THIN").Rvol);
        Assert.Equal(["REAL"], Ranked(result, "high_volume"));
        Assert.Equal(["REAL"], Ranked(result, "anomalies"));
        Assert.Equal(["REAL"], Ranked(result, "winners"));
        // It is not lost: it still ranks where RVOL plays no part.
        Assert.Equal(["THIN", "REAL"], Ranked(result, "gappers_up"));
    }

    [Fact]
    public void With_a_lower_minimum_it_ranks_by_each_category_s_own_key()
    {
        var result = Scan(new ScanThresholds { RvolMinVolume = 8_000 });

        Assert.Equal(["REAL", "THIN"], Ranked(result, "high_volume"));   // by shares traded
        Assert.Equal(["THIN", "REAL"], Ranked(result, "anomalies"));     // by RVOL
    }
}
