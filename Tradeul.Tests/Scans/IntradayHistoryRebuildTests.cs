using Microsoft.Extensions.Logging;
using Xunit.Abstractions;
using StackExchange.Redis;
using Tradeul.Scanner.Catalog;
using Tradeul.Scanner.Compute;
using Tradeul.Scanner.History;
using Tradeul.Shared.Market;
using Tradeul.Shared.Redis;
using Tradeul.Tests.Infrastructure;
using static Tradeul.Tests.Scanner.ScanTestMarket;

namespace Tradeul.Tests.Scans;

/// <summary>After a restart the history comes back from what snapshots:raw still holds, on a real Redis.</summary>
public sealed class IntradayHistoryRebuildTests(ITestOutputHelper output)
{
    private static DateTimeOffset NewYork(int hour, int minute, int second = 0) => new(2026, 11, 24, hour, minute, second, TimeSpan.FromHours(-5));

    private static MarketQuote[] Step(int k) =>
        [Quote("AAA", 10 + k * 0.01, 9.5, 10, 1_000L * k), Quote("BBB", 50 - k * 0.02, 49, 50, 3_000L * k)];

    private static async Task AddAsync(IDatabase database, long sequence, DateTimeOffset asOf, MarketQuote[] quotes, byte[]? data = null) =>
        await database.StreamAddAsync(RedisKeys.RawSnapshots,
        [
            new(RawSnapshotFormat.VersionField, RawSnapshotFormat.Version),
            new(RawSnapshotFormat.SequenceField, sequence),
            new(RawSnapshotFormat.AsOfField, asOf.ToUnixTimeMilliseconds()),
            new(RawSnapshotFormat.RowsField, quotes.Length),
            new(RawSnapshotFormat.DataField, data ?? new RawSnapshotEncoder().Encode(quotes, asOf)),
        ]);

    private IntradayHistoryRebuild Rebuild(IConnectionMultiplexer redis, IntradayHistory history, RecordedWarnings? warnings = null)
    {
        var factory = LoggerFactory.Create(b => b.AddProvider(new TestOutputLoggerProvider(output, warnings)));
        return new IntradayHistoryRebuild(redis, history, factory.CreateLogger<IntradayHistoryRebuild>());
    }

    [Fact]
    public async Task The_windows_after_a_rebuild_are_those_of_a_scanner_that_never_stopped()
    {
        await using var server = await RedisServer.CreateAsync();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        var database = redis.GetDatabase();
        var start = NewYork(10, 0);
        var live = new ScanEngine(new ScanThresholds(), 10, 10);
        var enrichment = FlatBaselines("AAA", "BBB");

        // Two hours old: beyond every window, so it is not even decoded.
        await AddAsync(database, 1, NewYork(8, 0), Step(0));
        for (var k = 0; k <= 72; k++)
        {
            await AddAsync(database, k + 2, start.AddSeconds(5 * k), Step(k));
            live.Scan(Snapshot(start.AddSeconds(5 * k), Step(k)), enrichment);
        }
        // One entry that does not decode, among the rest.
        await AddAsync(database, 100, start.AddSeconds(5 * 72 + 1), Step(0), data: [1, 2, 3]);

        var history = new IntradayHistory();
        var counts = await Rebuild(redis, history).RebuildAsync(CancellationToken.None);
        Assert.Equal(new IntradayHistoryRebuild.RebuildCounts(Read: 74, Recorded: 73, Undecodable: 1), counts);
        Assert.Equal(2, history.Tickers);
        Assert.Equal(start.AddSeconds(5 * 72), history.Newest);

        var restarted = new ScanEngine(new ScanThresholds(), 10, 10, history: history);
        var next = start.AddSeconds(5 * 73);
        restarted.Scan(Snapshot(next, Step(73)), enrichment);
        live.Scan(Snapshot(next, Step(73)), enrichment);
        foreach (var field in MetricCatalog.All.Where(f => f.Source == MetricSource.Window))
        {
            for (var row = 0; row < 2; row++)
            {
                Assert.Equal(live.Columns.Number(field, row), restarted.Columns.Number(field, row));
            }
        }
        // 10:06:05 against 10:01:05 (k = 13): AAA went from 10.13 to 10.73.
        Assert.Equal((10.73 - 10.13) / 10.13 * 100, restarted.Columns.Number(MetricCatalog.Change5MinPercent, 0), 1e-4);
        Assert.Equal(60_000, restarted.Columns.Number(MetricCatalog.Volume5Min, 0));
        Assert.Equal(180_000, restarted.Columns.Number(MetricCatalog.Volume5Min, 1));
    }

    [Fact]
    public async Task An_empty_stream_rebuilds_nothing()
    {
        await using var server = await RedisServer.CreateAsync();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        var history = new IntradayHistory();
        Assert.Equal(default, await Rebuild(redis, history).RebuildAsync(CancellationToken.None));
        Assert.Null(history.Newest);
    }

    [Fact]
    public async Task Without_Redis_the_scanner_starts_with_an_empty_history_and_says_so()
    {
        await using var server = await RedisServer.CreateAsync();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString + ",abortConnect=false,connectTimeout=500,syncTimeout=500,asyncTimeout=500");
        await server.KillAsync();
        var history = new IntradayHistory();
        var warnings = new RecordedWarnings();

        await Rebuild(redis, history, warnings).StartAsync(CancellationToken.None);

        Assert.Equal(0, history.Tickers);
        Assert.Contains(warnings.Messages, m => m.Contains("Intraday history could not be rebuilt", StringComparison.Ordinal));
    }
}
