using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tradeul.Ingest.Simulated;
using Tradeul.Scanner.Compute;
using Tradeul.Scanner.Enrichment;
using Tradeul.Shared.Market;

namespace Tradeul.Tests.Scanner;

/// <summary>
/// The whole simulated market (12,000 names, the default seed) through the ScanEngine. Before
/// issue 11, gappers_up and new_highs held the same 100 symbols all pre-market (both by change %,
/// which before the open is the gap), and high_volume equalled anomalies at the open (both by RVOL).
/// </summary>
public sealed class SimulatedMarketCategoriesTests
{
    private static readonly DateOnly Tuesday = new(2026, 11, 24);

    private static readonly TimeOnly PreMarket = new(8, 45);
    private static readonly TimeOnly TheOpen = new(9, 35);
    private static readonly TimeOnly FirstHour = new(10, 30);

    /// <summary>One simulated morning, scanned at each instant the tests read (simulating 12,000 names is the slow part).</summary>
    private static readonly Lazy<Dictionary<TimeOnly, ScanResult>> Morning = new(() =>
    {
        var start = SimulatedClock.NewYorkTime(Tuesday, PreMarket);
        var time = new FakeTimeProvider(start);
        var market = new SimulatedMarket(Options.Create(new SimulatedMarketOptions { StartTime = start }), time);
        var enrichment = SimulatedReferenceData.Build(market)
            .ToFrozenDictionary(x => x.Metadata.Symbol, x => new TickerEnrichment(x.Metadata, x.Baseline), StringComparer.Ordinal);
        var engine = new ScanEngine(new ScanThresholds(), topN: 100, filteredRows: 500);
        var scans = new Dictionary<TimeOnly, ScanResult>();
        foreach (var at in new[] { PreMarket, TheOpen, FirstHour })
        {
            time.SetUtcNow(SimulatedClock.NewYorkTime(Tuesday, at));
            var snapshot = market.FetchAsync(CancellationToken.None).GetAwaiter().GetResult();
            var quotes = snapshot.Quotes.ToArray();
            var data = new RawSnapshotEncoder().Encode(quotes, snapshot.AsOf);
            scans[at] = engine.Scan(new RawSnapshotDecoder().Decode(RawSnapshotFormat.Version, 1, snapshot.AsOf.ToUnixTimeMilliseconds(), quotes.Length, data), enrichment);
        }
        return scans;
    });

    private static ScanResult ScanAt(TimeOnly time)
    {
        var result = Morning.Value[time];
        Assert.Equal(12_000, result.TickersIn);
        return result;
    }

    private static RankedRow[] Rows(ScanResult result, string category) => result.Categories.Single(c => c.Name == category).Rows;

    private static void AssertOrderedBy(RankedRow[] rows, Func<RankedRow, double> key)
    {
        for (var i = 1; i < rows.Length; i++)
        {
            Assert.True(key(rows[i - 1]) >= key(rows[i]), $"{rows[i - 1].Symbol} ({key(rows[i - 1])}) is ranked above {rows[i].Symbol} ({key(rows[i])})");
        }
    }

    [Fact]
    public void In_pre_market_gappers_up_rank_by_gap_and_new_highs_by_volume()
    {
        var result = ScanAt(PreMarket);
        Assert.Equal(MarketSession.PreMarket, result.Session);
        var gappers = Rows(result, "gappers_up");
        var highs = Rows(result, "new_highs");

        Assert.Equal(100, gappers.Length);
        Assert.Equal(100, highs.Length);
        AssertOrderedBy(gappers, r => r.GapPercent);
        AssertOrderedBy(highs, r => r.Volume);
        Assert.NotEqual(gappers.Select(r => r.Symbol), highs.Select(r => r.Symbol));
        // The tops differ because the keys do: the biggest gap is not the most traded name at its high.
        Assert.True(gappers[0].GapPercent > highs[0].GapPercent);
        Assert.True(highs[0].Volume > gappers[0].Volume);
        Assert.True(gappers.Select(r => r.Symbol).Intersect(highs.Select(r => r.Symbol)).Count() < 50, "most gappers are not the most traded new highs");
    }

    [Fact]
    public void At_the_open_high_volume_ranks_by_shares_and_anomalies_by_rvol()
    {
        var result = ScanAt(TheOpen);
        Assert.Equal(MarketSession.MarketOpen, result.Session);
        var highVolume = Rows(result, "high_volume");
        var anomalies = Rows(result, "anomalies");

        Assert.Equal(100, highVolume.Length);
        Assert.NotEmpty(anomalies);
        AssertOrderedBy(highVolume, r => r.Volume);
        AssertOrderedBy(anomalies, r => r.Rvol);
        Assert.NotEqual(highVolume.Select(r => r.Symbol), anomalies.Select(r => r.Symbol));
        Assert.True(highVolume[0].Volume > anomalies[0].Volume);
        Assert.True(anomalies[0].Rvol > highVolume[0].Rvol);
        // Every row has real volume behind its RVOL.
        Assert.All(highVolume.Concat(anomalies), r => Assert.True(r.Volume >= 50_000, $"{r.Symbol} traded {r.Volume} shares"));
        Assert.All(highVolume, r => Assert.True(r.Rvol >= 2));
        Assert.All(anomalies, r => Assert.True(r.Rvol >= 3));
    }

    [Fact]
    public void Reversals_fill_in_the_first_hour()
    {
        var result = ScanAt(FirstHour);
        var reversals = Rows(result, "reversals");

        Assert.NotEmpty(reversals);
        AssertOrderedBy(reversals, r => Math.Abs(r.ChangeFromOpenPercent));
        Assert.All(reversals, r => Assert.True(
            (r.GapPercent >= 2 && r.ChangeFromOpenPercent <= -2) || (r.GapPercent <= -2 && r.ChangeFromOpenPercent >= 2),
            $"{r.Symbol}: gap {r.GapPercent} %, {r.ChangeFromOpenPercent} % from the open"));
    }
}
