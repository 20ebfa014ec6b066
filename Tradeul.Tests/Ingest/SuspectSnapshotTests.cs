using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Tradeul.Ingest.Simulated;
using Tradeul.Scanner.Compute;
using Tradeul.Scanner.Streaming;
using Tradeul.Shared.Market;
using Tradeul.Shared.Redis;
using Tradeul.Tests.HotPath;
using Tradeul.Tests.Infrastructure;
using Tradeul.Tests.Ingest.Polygon;
using Xunit.Abstractions;

namespace Tradeul.Tests.Ingest;

/// <summary>
/// Issue 11, item 5: a snapshot whose rows collapse during a session is held back, counted
/// and logged, and the last rankings stand. Before, case 10 (an empty, "OK" answer at 10:00
/// ET) was published and the Scanner wiped every ranking and filtered_complete key.
/// </summary>
public sealed class SuspectSnapshotTests(ITestOutputHelper output)
{
    /// <summary>Tuesday 2026-11-24, 10:00 New York time: MARKET_OPEN.</summary>
    private static readonly DateTimeOffset TradingDayTen = SimulatedClock.NewYorkTime(new DateOnly(2026, 11, 24), new TimeOnly(10, 0));

    /// <summary>Saturday 2026-11-28, 10:00 New York time: CLOSED.</summary>
    private static readonly DateTimeOffset SaturdayTen = SimulatedClock.NewYorkTime(new DateOnly(2026, 11, 28), new TimeOnly(10, 0));

    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Case_10_empty_at_10_on_a_trading_day_is_not_published_and_the_rankings_stand()
    {
        await using var server = await PolygonTestServer.StartAsync();
        await using var platform = await HotPathHarness.StartAsync(output, TradingDayTen, settings: PolygonSettings(server));
        using var outcomes = PolygonIngestHost.IngestOutcomes(platform.IngestServices);
        server.Respond = PolygonPayloads.Generated(500, _ => { });
        var published = await platform.CycleAsync(Interval);
        var hub = platform.ScannerServices.GetRequiredService<RankingHub>();
        var rankings = ScanCategories.All.ToDictionary(c => c.Name, c => hub.Current(c.Name)!);
        var filteredKey = RedisKeys.FilteredComplete("MARKET_OPEN");
        var filtered = await platform.Database.StringGetAsync(filteredKey);
        var newHighs = await platform.Http.GetStringAsync("/api/categories/new_highs");
        // The generated rows trade near their day high and low (no metadata or RVOL baselines here).
        Assert.Equal((100, 90), (rankings["new_highs"].Rows!.Length, rankings["new_lows"].Rows!.Length));
        Assert.False(filtered.IsNullOrEmpty);

        server.Respond = PolygonCaseAnswers.FromCase("10_empty_tickers.json");
        platform.Time.Advance(Interval);
        var afterEmpty = await platform.Ingest.RunOnceAsync(CancellationToken.None);

        Assert.Equal(published, afterEmpty);
        Assert.Equal(1, await platform.Database.StreamLengthAsync(RedisKeys.RawSnapshots));
        Assert.False(await platform.Scanner.RunOnceAsync(CancellationToken.None), "the scanner found a new snapshot");
        foreach (var category in ScanCategories.All)
        {
            Assert.Same(rankings[category.Name], hub.Current(category.Name));
        }
        Assert.Equal(filtered, await platform.Database.StringGetAsync(filteredKey));
        Assert.Equal(newHighs, await platform.Http.GetStringAsync("/api/categories/new_highs"));
        var stats = platform.IngestStats;
        Assert.Equal((1, 500, 1, 0), (stats.Cycles, stats.Rows, stats.SuspectSnapshots, stats.FailedCycles));
        Assert.Equal(new Dictionary<string, int> { ["published"] = 1, ["suspect"] = 1 }, outcomes.CountsBy("outcome"));
    }

    [Fact]
    public async Task Case_10_empty_on_a_saturday_is_simply_published()
    {
        await using var ingest = await PolygonIngestHost.CreateAsync(output, SaturdayTen);
        ingest.Answer(PolygonPayloads.Generated(500, _ => { }));
        Assert.Equal(1, await ingest.Cycle.RunOnceAsync(CancellationToken.None));

        ingest.Answer(PolygonCaseAnswers.FromCase("10_empty_tickers.json"));
        ingest.Time.Advance(Interval);

        Assert.Equal(2, await ingest.Cycle.RunOnceAsync(CancellationToken.None));
        Assert.Equal(new[] { 500, 0 }, await PublishedRowsAsync(ingest.Database));
        Assert.Equal((2, 0), (ingest.Stats.Cycles, ingest.Stats.SuspectSnapshots));
    }

    [Theory]
    [InlineData(249, false)]
    [InlineData(250, true)]
    public async Task Below_half_of_the_last_published_rows_is_suspect_and_half_is_not(int rows, bool expectPublished)
    {
        await using var ingest = await PolygonIngestHost.CreateAsync(output, TradingDayTen);
        ingest.Answer(PolygonPayloads.Generated(500, _ => { }));
        await ingest.Cycle.RunOnceAsync(CancellationToken.None);

        ingest.Answer(PolygonPayloads.Generated(rows, _ => { }));
        ingest.Time.Advance(Interval);
        await ingest.Cycle.RunOnceAsync(CancellationToken.None);

        Assert.Equal(expectPublished ? new[] { 500, rows } : [500], await PublishedRowsAsync(ingest.Database));
        Assert.Equal(expectPublished ? 0 : 1, ingest.Stats.SuspectSnapshots);
    }

    [Fact]
    public async Task The_last_published_row_count_survives_an_ingest_restart()
    {
        await using var ingest = await PolygonIngestHost.CreateAsync(output, TradingDayTen);
        ingest.Answer(PolygonPayloads.Generated(500, _ => { }));
        await ingest.Cycle.RunOnceAsync(CancellationToken.None);

        ingest.Restart();
        ingest.Answer(PolygonPayloads.Generated(100, _ => { }));
        ingest.Time.Advance(Interval);

        // The new process knows nothing in memory; the newest snapshots:raw entry says 500 rows.
        Assert.Equal(1, await ingest.Cycle.RunOnceAsync(CancellationToken.None));
        Assert.Equal(new[] { 500 }, await PublishedRowsAsync(ingest.Database));
        Assert.Equal(1, ingest.Stats.SuspectSnapshots);
    }

    /// <summary>
    /// When the market really shrinks (a plan change, OTC turned off), the smaller count is taken
    /// after Ingest:Plausibility:AcceptCollapseAfter suspects in a row; an empty snapshot during
    /// a session is never taken, however long it lasts.
    /// </summary>
    [Fact]
    public async Task A_lasting_collapse_becomes_the_new_normal_but_an_empty_market_never_does()
    {
        await using var ingest = await PolygonIngestHost.CreateAsync(output, TradingDayTen,
            [new("Ingest:Plausibility:AcceptCollapseAfter", "3")]);
        ingest.Answer(PolygonPayloads.Generated(500, _ => { }));
        await ingest.Cycle.RunOnceAsync(CancellationToken.None);

        ingest.Answer(PolygonPayloads.Generated(200, _ => { }));
        var sequences = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            ingest.Time.Advance(Interval);
            sequences.Add(await ingest.Cycle.RunOnceAsync(CancellationToken.None));
        }
        Assert.Equal([1, 1, 1, 2], sequences);
        Assert.Equal(new[] { 500, 200 }, await PublishedRowsAsync(ingest.Database));
        var suspect = Assert.Single(ingest.Warnings.Messages, m => m.Contains("(1 suspect in a row)", StringComparison.Ordinal));
        Assert.Contains("200 rows at ", suspect, StringComparison.Ordinal);
        Assert.Contains("during MARKET_OPEN, against 500 in the last published snapshot", suspect, StringComparison.Ordinal);
        Assert.Single(ingest.Warnings.Messages, m => m.Contains("Snapshot of 200 rows published as the market's new size after 3 suspect", StringComparison.Ordinal));

        ingest.Answer(PolygonCaseAnswers.FromCase("10_empty_tickers.json"));
        for (var i = 0; i < 8; i++)
        {
            ingest.Time.Advance(Interval);
            Assert.Equal(2, await ingest.Cycle.RunOnceAsync(CancellationToken.None));
        }
        Assert.Equal(new[] { 500, 200 }, await PublishedRowsAsync(ingest.Database));
        Assert.Equal((2, 3 + 8), (ingest.Stats.Cycles, ingest.Stats.SuspectSnapshots));
        Assert.Equal(new Dictionary<string, int> { ["published"] = 2, ["suspect"] = 11 }, ingest.Outcomes.CountsBy("outcome"));
    }

    private static KeyValuePair<string, string?>[] PolygonSettings(PolygonTestServer server) =>
    [
        new("Ingest:Provider", "polygon"),
        new("Polygon:ApiKey", PolygonTestProviders.ApiKey),
        new("Polygon:BaseUrl", server.BaseUrl.ToString()),
    ];

    /// <summary>The <c>rows</c> field of every <c>snapshots:raw</c> entry, oldest first.</summary>
    private static async Task<int[]> PublishedRowsAsync(IDatabase database) =>
        [.. (await database.StreamRangeAsync(RedisKeys.RawSnapshots, "-", "+"))
            .Select(e => int.Parse((string)e[RawSnapshotFormat.RowsField]!, CultureInfo.InvariantCulture))];
}
