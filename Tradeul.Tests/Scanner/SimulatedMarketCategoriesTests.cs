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
        // The day bar as the simulated market keeps it: this path skips Ingest, whose record of
        // the day is what fills Polygon's zeroed pre-market bar (tested in Ingest/DayRecord).
        var market = new SimulatedMarket(Options.Create(new SimulatedMarketOptions { StartTime = start, ZeroDayBarBeforeOpen = false }), time);
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

    private static double Key(RankedRow row, string key) => key switch
    {
        "gap" => row.GapPercent,
        "volume" => row.Volume,
        "rvol" => row.Rvol,
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "Not a ranking key of these tests."),
    };

    [Theory]
    [InlineData("08:45", MarketSession.PreMarket, "gappers_up", "gap", "new_highs", "volume")]
    [InlineData("09:35", MarketSession.MarketOpen, "high_volume", "volume", "anomalies", "rvol")]
    public void Lists_that_used_to_coincide_each_rank_by_their_own_key(string at, MarketSession session, string first, string firstKey, string second, string secondKey)
    {
        var result = ScanAt(TimeOnly.Parse(at, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(session, result.Session);
        var a = Rows(result, first);
        var b = Rows(result, second);

        Assert.Equal(100, a.Length);
        Assert.NotEmpty(b);
        AssertOrderedBy(a, r => Key(r, firstKey));
        AssertOrderedBy(b, r => Key(r, secondKey));
        Assert.NotEqual(a.Select(r => r.Symbol), b.Select(r => r.Symbol));
        // The tops differ because the keys do: each list's first name leads the other's on its own key.
        Assert.True(Key(a[0], firstKey) > Key(b[0], firstKey), $"{first} starts with {a[0].Symbol}, {second} with {b[0].Symbol}");
        Assert.True(Key(b[0], secondKey) > Key(a[0], secondKey), $"{first} starts with {a[0].Symbol}, {second} with {b[0].Symbol}");
    }

    [Fact]
    public void At_the_open_every_rvol_row_has_real_volume_behind_it()
    {
        var result = ScanAt(TheOpen);

        Assert.All(Rows(result, "high_volume").Concat(Rows(result, "anomalies")), r => Assert.True(r.Volume >= 50_000, $"{r.Symbol} traded {r.Volume} shares"));
        Assert.All(Rows(result, "high_volume"), r => Assert.True(r.Rvol >= 2));
        Assert.All(Rows(result, "anomalies"), r => Assert.True(r.Rvol >= 3));
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
