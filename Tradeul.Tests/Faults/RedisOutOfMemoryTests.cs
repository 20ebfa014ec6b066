using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;
using Tradeul.Ingest.Simulated;
using Tradeul.Maintenance.Watchdog;
using Tradeul.Shared.Redis;
using Tradeul.Shared.Streams;
using Tradeul.Shared.Telemetry;
using Tradeul.Tests.HotPath;
using Tradeul.Tests.Infrastructure;
using Tradeul.Tests.Maintenance;
using Xunit.Abstractions;

namespace Tradeul.Tests.Faults;

[Collection(RealServersCollection.Name)]
public sealed class RedisOutOfMemoryTests(RealServersFixture servers, ITestOutputHelper output)
{
    private static readonly DateTimeOffset MidMorning = SimulatedClock.NewYorkTime(new DateOnly(2026, 11, 24), new TimeOnly(10, 30));
    private const int Tickers = 200;
    private const string FillerPrefix = "filler:";

    [Fact]
    public async Task A_full_redis_under_noeviction_refuses_writes_that_are_counted_and_surfaced_and_everything_recovers_once_space_is_freed()
    {
        await using var platform = await HotPathHarness.StartAsync(output, MidMorning, tickers: Tickers,
            redisArguments: ["--maxmemory", "8mb", "--maxmemory-policy", "noeviction"]);
        await platform.CycleAsync(TimeSpan.FromSeconds(5));
        await platform.CycleAsync(TimeSpan.FromSeconds(5));
        await using var maintenance = await MaintenanceHost.CreateAsync(platform.Redis.ConnectionString, await servers.CreateDatabaseAsync(), output, start: false);
        var watch = maintenance.Services.GetRequiredService<RedisMemoryWatch>();
        var health = maintenance.Services.GetRequiredService<HealthCheckService>();
        var before = await watch.SampleAsync(CancellationToken.None);
        output.WriteLine($"before filling: {before.UsedMemory} of {before.MaxMemory} bytes");
        Assert.Equal(HealthStatus.Healthy, (await MemoryHealthAsync(health)).Status);

        await using var admin = await ConnectionMultiplexer.ConnectAsync($"{platform.Redis.ConnectionString},allowAdmin=true");
        var server = admin.GetServer(admin.GetEndPoints()[0]);
        var redis = admin.GetDatabase();
        var fillers = await FillUntilRefusedAsync(redis);
        // Filled to the byte, Redis can take one more small write a moment later: it shrinks
        // idle clients' query buffers on its own (the 64 KB SETs grew ours). Pin the limit half
        // a megabyte under what is in use, so every check below meets a Redis that is full.
        var filled = await watch.SampleAsync(CancellationToken.None);
        await server.ConfigSetAsync("maxmemory", filled.UsedMemory - 512 * 1024);
        var keysWhenFull = await server.DatabaseSizeAsync();
        output.WriteLine($"{fillers.Count} filler keys written before the first OOM; {keysWhenFull} keys in all");

        var ingestStreams = platform.IngestServices.GetRequiredService<StreamManager>();
        using var failures = new CounterRecorder(platform.IngestServices.GetRequiredService<IMeterFactory>(),
            TradeulTelemetry.StreamsMeter, "tradeul.stream.add_failures");

        // (a) StreamManager surfaces the OOM reply and counts it by kind.
        var refused = await Assert.ThrowsAsync<RedisServerException>(() =>
            ingestStreams.AddAsync("test:oom", [new("n", 1)]).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.StartsWith("OOM", refused.Message, StringComparison.Ordinal);
        Assert.Contains(("test:oom", "oom"), failures.Recorded("stream", "error"));

        // (b) An ingest cycle fails and is counted, with the reason.
        var ingestFailedBefore = platform.IngestStats.FailedCycles;
        var sequenceBefore = platform.IngestStats.LastSequence;
        platform.Time.Advance(TimeSpan.FromSeconds(5));
        await Assert.ThrowsAsync<RedisServerException>(() => platform.Ingest.RunOnceAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(ingestFailedBefore + 1, platform.IngestStats.FailedCycles);
        Assert.Contains("OOM", platform.IngestStats.LastError, StringComparison.Ordinal);
        Assert.Contains((RedisKeys.RawSnapshots, "oom"), failures.Recorded("stream", "error"));
        Assert.Equal(sequenceBefore, platform.IngestStats.LastSequence);

        // (c) Maintenance's memory watch reports it, naming the policy that makes it matter.
        var full = await watch.SampleAsync(CancellationToken.None);
        var degraded = await MemoryHealthAsync(health);
        output.WriteLine($"full: {full.UsedMemory} of {full.MaxMemory} bytes: {degraded.Description}");
        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Contains("noeviction", degraded.Description, StringComparison.Ordinal);

        // (d) Nothing was evicted to make room: every key written is still there.
        Assert.Equal(keysWhenFull, await server.DatabaseSizeAsync());
        var present = await redis.KeyExistsAsync([.. fillers.Select(k => (RedisKey)k)]);
        Assert.Equal(fillers.Count, present);
        Assert.Equal(Tickers, await server.KeysAsync(pattern: "metadata:ticker:*", pageSize: 1_000).CountAsync());
        Assert.Equal(Tickers, await server.KeysAsync(pattern: "rvol:baseline:*", pageSize: 1_000).CountAsync());

        // (e) Once the filler is gone the same instances carry on by themselves.
        Assert.Equal(fillers.Count, await redis.KeyDeleteAsync([.. fillers.Select(k => (RedisKey)k)]));
        var scansBefore = platform.Stats.Cycles;
        var sequence = await platform.CycleAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(sequenceBefore + 1, sequence);
        Assert.Equal(scansBefore + 1, platform.Stats.Cycles);
        Assert.Equal(sequence, platform.Stats.LastSnapshotSequence);
        await ingestStreams.AddAsync("test:oom", [new("n", 2)]);
        await watch.SampleAsync(CancellationToken.None);
        Assert.Equal(HealthStatus.Healthy, (await MemoryHealthAsync(health)).Status);
    }

    private static async Task<HealthReportEntry> MemoryHealthAsync(HealthCheckService health)
    {
        var report = await health.CheckHealthAsync(registration => registration.Name == RedisMemoryWatch.Name);
        return report.Entries[RedisMemoryWatch.Name];
    }

    /// <summary>Writes 64 KB values until Redis answers OOM; returns the keys it accepted.</summary>
    private static async Task<List<string>> FillUntilRefusedAsync(IDatabase redis)
    {
        var filler = new byte[64 * 1024];
        new Random(7).NextBytes(filler);
        var written = new List<string>();
        for (var i = 0; i < 1_000; i++)
        {
            var key = $"{FillerPrefix}{i}";
            try
            {
                await redis.StringSetAsync(key, filler);
                written.Add(key);
            }
            catch (RedisServerException ex) when (ex.Message.StartsWith("OOM", StringComparison.Ordinal))
            {
                return written;
            }
        }
        throw new InvalidOperationException("Redis accepted 64 MB under an 8 MB maxmemory: the test's premise does not hold.");
    }
}
