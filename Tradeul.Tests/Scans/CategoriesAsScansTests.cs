using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tradeul.Ingest.Simulated;
using Tradeul.Scanner.Catalog;
using Tradeul.Scanner.Compute;
using Tradeul.Scanner.Enrichment;
using Tradeul.Scanner.Scans;
using Tradeul.Shared.Market;

namespace Tradeul.Tests.Scans;

/// <summary>
/// Every built-in category can be written in the scan language with the default thresholds: on the
/// simulated market, before the open, in the regular session and after the close, each scan ranks
/// the same tickers in the same order as the category (ties aside: a category breaks them by row,
/// a scan by symbol).
/// </summary>
public sealed class CategoriesAsScansTests
{
    private const string Filters = "price >= 1 and price <= 5000 and volume >= 1000 and dollar_volume >= 10k";
    private const string Trading = "session in (\"PRE_MARKET\", \"MARKET_OPEN\", \"POST_MARKET\")";

    public static readonly Dictionary<string, ScanDefinition> Categories = new()
    {
        ["gappers_up"] = new($"{Filters} and {Trading} and gap_percent >= 2", "gap_percent", true, 100),
        ["gappers_down"] = new($"{Filters} and {Trading} and gap_percent <= -2", "gap_percent", false, 100),
        ["momentum_up"] = new($"{Filters} and {Trading} and from_high_percent <= 1 and change_percent >= 1 and vwap_distance_percent > 0 and rvol >= 1.5 and volume >= 50k and volume >= 100k", "move_percent", true, 100),
        ["momentum_down"] = new($"{Filters} and {Trading} and from_low_percent <= 1 and change_percent <= -1 and vwap_distance_percent < 0 and rvol >= 1.5 and volume >= 50k and volume >= 100k", "move_percent", false, 100),
        ["winners"] = new($"{Filters} and {Trading} and change_percent >= 5 and rvol >= 1.5 and volume >= 50k", "change_percent", true, 100),
        ["losers"] = new($"{Filters} and {Trading} and change_percent <= -5 and rvol >= 1.5 and volume >= 50k", "change_percent", false, 100),
        ["high_volume"] = new($"{Filters} and {Trading} and rvol >= 2 and volume >= 50k", "volume", true, 100),
        ["anomalies"] = new($"{Filters} and {Trading} and rvol >= 3 and volume >= 50k", "rvol", true, 100),
        ["new_highs"] = new($"{Filters} and {Trading} and from_high_percent <= 2", "volume", true, 100),
        ["new_lows"] = new($"{Filters} and {Trading} and from_low_percent <= 2", "volume", true, 100),
        ["reversals"] = new($"{Filters} and session in (\"MARKET_OPEN\", \"POST_MARKET\") and (gap_percent >= 2 and change_from_open_percent <= -2 or gap_percent <= -2 and change_from_open_percent >= 2)", "abs(change_from_open_percent)", true, 100),
        ["post_market"] = new($"{Filters} and session == \"POST_MARKET\" and volume >= 20k and abs(change_percent) >= 0.5", "abs(change_percent)", true, 100),
    };

    [Fact]
    public void Every_category_has_a_scan()
    {
        Assert.Equal(ScanCategories.All.Select(c => c.Name).Order(), Categories.Keys.Order());
    }

    /// <summary>What one category and its scan ranked at one instant, by sort key and by row.</summary>
    private sealed record Outcome(string Category, double[] ExpectedKeys, double[] ActualKeys, int[] ExpectedBeforeTie, int[] ActualBeforeTie);

    private static readonly TimeOnly[] Instants = [new(8, 45), new(10, 30), new(16, 30)];

    /// <summary>One simulated day (2,000 names), scanned at each instant; the slow part, so done once.</summary>
    private static readonly Lazy<Dictionary<TimeOnly, Outcome[]>> Day = new(() =>
    {
        var day = new DateOnly(2026, 11, 24);
        var start = SimulatedClock.NewYorkTime(day, new TimeOnly(4, 0));
        var time = new FakeTimeProvider(start);
        var market = new SimulatedMarket(Options.Create(new SimulatedMarketOptions { Tickers = 2_000, StartTime = start, ZeroDayBarBeforeOpen = false }), time);
        var enrichment = SimulatedReferenceData.Build(market)
            .ToFrozenDictionary(x => x.Metadata.Symbol, x => new TickerEnrichment(x.Metadata, x.Baseline), StringComparer.Ordinal);
        var engine = new ScanEngine(new ScanThresholds(), topN: 100, filteredRows: 10);
        var outcomes = new Dictionary<TimeOnly, Outcome[]>();
        foreach (var at in Instants)
        {
            time.SetUtcNow(SimulatedClock.NewYorkTime(day, at));
            var snapshot = market.FetchAsync(CancellationToken.None).GetAwaiter().GetResult();
            var quotes = snapshot.Quotes.ToArray();
            var data = new RawSnapshotEncoder().Encode(quotes, snapshot.AsOf);
            var result = engine.Scan(new RawSnapshotDecoder().Decode(RawSnapshotFormat.Version, 1, snapshot.AsOf.ToUnixTimeMilliseconds(), quotes.Length, data), enrichment);
            outcomes[at] = result.Categories.Select(category => Compare(engine.Columns, category)).ToArray();
        }
        return outcomes;
    });

    private static Outcome Compare(MetricColumns columns, CategoryRanking category)
    {
        var rowOf = Enumerable.Range(0, columns.Count).ToDictionary(columns.Symbol, StringComparer.Ordinal);
        var scan = ScanLanguage.Compile(Categories[category.Name]);
        var expected = category.Rows.Select(r => rowOf[r.Symbol]).ToArray();
        var actual = scan.Evaluate(columns).Rows.ToArray();
        double Key(int row) => Sort(columns, scan.Definition.Sort, row);
        // A category breaks ties by row, a scan by symbol: only a tie at the cut may hold other tickers.
        var last = expected.Length == 0 ? double.NaN : Key(expected[^1]);
        return new Outcome(category.Name, expected.Select(Key).ToArray(), actual.Select(Key).ToArray(),
            expected.Where(r => Key(r) != last).Order().ToArray(), actual.Where(r => Key(r) != last).Order().ToArray());
    }

    [Theory]
    [InlineData(8, 45)]
    [InlineData(10, 30)]
    [InlineData(16, 30)]
    public void Each_scan_ranks_what_its_category_ranks(int hour, int minute)
    {
        var outcomes = Day.Value[new TimeOnly(hour, minute)];
        foreach (var outcome in outcomes)
        {
            Assert.True(outcome.ExpectedKeys.SequenceEqual(outcome.ActualKeys), $"{outcome.Category}: the scan ranks other keys");
            Assert.True(outcome.ExpectedBeforeTie.SequenceEqual(outcome.ActualBeforeTie), $"{outcome.Category}: the scan ranks other tickers");
        }
        var rows = outcomes.Sum(o => o.ExpectedKeys.Length);
        Assert.True(rows > 100, $"only {rows} rows in all categories at {hour}:{minute:D2}");
    }

    private static double Sort(MetricColumns columns, string sort, int row) => sort switch
    {
        "abs(change_from_open_percent)" => Math.Abs(columns.Number(MetricCatalog.ChangeFromOpenPercent, row)),
        "abs(change_percent)" => Math.Abs(columns.Number(MetricCatalog.ChangePercent, row)),
        _ => columns.Number(MetricCatalog.Find(sort)!, row),
    };
}
