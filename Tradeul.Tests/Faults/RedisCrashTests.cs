using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Polly.Timeout;
using StackExchange.Redis;
using Tradeul.Ingest.Simulated;
using Tradeul.Shared.Market;
using Tradeul.Shared.Redis;
using Tradeul.Tests.HotPath;
using Tradeul.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tradeul.Tests.Faults;

[Collection(RealServersCollection.Name)]
public sealed class RedisCrashTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset MidMorning = SimulatedClock.NewYorkTime(new DateOnly(2026, 11, 24), new TimeOnly(10, 30));
    private const int Tickers = 300;

    [Fact]
    public async Task The_same_ingest_and_scanner_instances_reconnect_by_themselves_after_redis_is_killed_and_restarted_with_its_aof()
    {
        await using var platform = await HotPathHarness.StartAsync(output, MidMorning, tickers: Tickers,
            redisArguments: ["--appendonly", "yes", "--appendfsync", "always"],
            // A command issued while the link is down waits in the client's backlog this long
            // (real time, inside StackExchange.Redis) before it fails; the default is 5 s.
            settings:
            [
                new("Aspire:StackExchange:Redis:ConfigurationOptions:SyncTimeout", "1000"),
                new("Aspire:StackExchange:Redis:ConfigurationOptions:AsyncTimeout", "1000"),
            ]);
        var ingest = platform.Ingest;
        var scanner = platform.Scanner;
        for (var i = 0; i < 3; i++)
        {
            await platform.CycleAsync(TimeSpan.FromSeconds(5));
        }
        var metadataBefore = await CountKeysAsync(platform.Redis, "metadata:ticker:*");
        Assert.Equal(Tickers, metadataBefore);
        var entriesBefore = await platform.Database.StreamLengthAsync(RedisKeys.RawSnapshots);
        Assert.Equal(3, platform.IngestStats.Cycles);
        Assert.Equal(3, platform.Stats.Cycles);

        await platform.Redis.KillAsync();

        platform.Time.Advance(TimeSpan.FromSeconds(5));
        var clock = Stopwatch.StartNew();
        var ingestError = await Assert.ThrowsAnyAsync<Exception>(() => platform.Time.DriveAsync(ingest.RunOnceAsync(CancellationToken.None)));
        output.WriteLine($"ingest while Redis is down: {ingestError.GetType().Name}: {ingestError.Message} after {clock.ElapsedMilliseconds} ms");
        clock.Restart();
        var scanError = await Assert.ThrowsAnyAsync<Exception>(() => platform.Time.DriveAsync(scanner.RunOnceAsync(CancellationToken.None)));
        output.WriteLine($"scan while Redis is down: {scanError.GetType().Name}: {scanError.Message} after {clock.ElapsedMilliseconds} ms");
        // Polly's timeout or the client's own: either way "Redis is not there", never a hang.
        Assert.True(ingestError is RedisConnectionException or RedisTimeoutException or TimeoutRejectedException, ingestError.ToString());
        Assert.True(scanError is RedisConnectionException or RedisTimeoutException or TimeoutRejectedException, scanError.ToString());
        Assert.Equal((3, 1), (platform.IngestStats.Cycles, platform.IngestStats.FailedCycles));
        Assert.NotNull(platform.IngestStats.LastError);
        Assert.Equal((3, 1), (platform.Stats.Cycles, platform.Stats.FailedCycles));
        using (var stats = JsonDocument.Parse(await platform.Http.GetStringAsync("/api/stats")))
        {
            Assert.Equal(1, stats.RootElement.GetProperty("failed_cycles").GetInt64());
        }
        // The scanner's readiness says so too (its Redis check), while it stays alive.
        await Eventually.Until(() => StatusAsync(platform.Http, "/health"), s => s == HttpStatusCode.ServiceUnavailable, "/health to report Redis down");
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(platform.Http, "/alive"));

        await platform.Redis.StartAsync();
        clock.Restart();
        // The same instances, no reconnect call by the test: the client finds Redis again by itself.
        await Eventually.Until(async () =>
        {
            platform.Time.Advance(TimeSpan.FromSeconds(5));
            await platform.Time.DriveAsync(ingest.RunOnceAsync(CancellationToken.None));
            return await platform.Time.DriveAsync(scanner.RunOnceAsync(CancellationToken.None));
        }, scanned => scanned, "an ingest and a scan cycle to succeed again", TimeSpan.FromSeconds(10));
        output.WriteLine($"recovered after {clock.ElapsedMilliseconds} ms");
        await Eventually.Until(() => StatusAsync(platform.Http, "/health"), s => s == HttpStatusCode.OK, "/health to recover", TimeSpan.FromSeconds(10));

        Assert.True(platform.IngestStats.Cycles >= 4);
        Assert.True(platform.Stats.Cycles >= 4);
        Assert.Equal(platform.IngestStats.LastSequence, platform.Stats.LastSnapshotSequence);
        Assert.Equal(metadataBefore, await CountKeysAsync(platform.Redis, "metadata:ticker:*"));
        // The AOF kept the stream too: the pre-crash entries are still there, and Ingest numbered on from them.
        var entries = await platform.Database.StreamRangeAsync(RedisKeys.RawSnapshots, "-", "+");
        Assert.True(entries.Length > entriesBefore);
        Assert.Equal([1L, 2L, 3L], entries.Take(3).Select(e => (long)e[RawSnapshotFormat.SequenceField]));
        Assert.True(platform.IngestStats.LastSequence > 3);
        Assert.Equal(0, (await platform.Database.StreamPendingAsync(RedisKeys.RawSnapshots, "scanner")).PendingMessageCount);
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        return response.StatusCode;
    }

    private static async Task<int> CountKeysAsync(RedisServer redis, string pattern)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        return await server.KeysAsync(pattern: pattern, pageSize: 1_000).CountAsync();
    }
}
