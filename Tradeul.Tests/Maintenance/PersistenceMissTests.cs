using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using Tradeul.Maintenance.Jobs;
using Tradeul.Maintenance.Migrations;
using Tradeul.Shared.Redis;
using Tradeul.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tradeul.Tests.Maintenance;

/// <summary>
/// The hourly persistence when <c>scanner:filtered_complete</c> is not there: during a trading session (by the
/// market calendar at the service's clock) a miss, counted, shown, retried on its own interval and never recorded
/// as a success; outside sessions nothing is expected. The loop runs as AddMaintenanceServices registers it, alone,
/// on a fake clock.
/// </summary>
[Collection(RealServersCollection.Name)]
public sealed class PersistenceMissTests(RealServersFixture servers, ITestOutputHelper output)
{
    /// <summary>Monday 2026-11-23, 10:30 New York: the regular session.</summary>
    private static readonly DateTimeOffset MondayMorning = new(2026, 11, 23, 15, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task With_no_document_during_the_session_the_hourly_run_is_a_miss_retried_after_the_configured_interval_and_no_success_until_one_arrives()
    {
        await using var redis = await RedisServer.CreateAsync();
        var database = await servers.CreateDatabaseAsync();
        var clock = new FakeTimeProvider(MondayMorning);
        await using var app = await MaintenanceHost.CreateAsync(redis.ConnectionString, database, output, clock, start: false,
            settings: [new("Maintenance:PersistenceMissRetryInterval", "00:07:00")]);
        await app.Services.GetRequiredService<MigrationRunner>().ApplyAsync(CancellationToken.None);
        var cache = app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var board = app.Services.GetRequiredService<JobBoard>();
        var health = app.Services.GetRequiredService<HealthCheckService>();
        using var misses = new CounterRecorder(app.Services.GetRequiredService<IMeterFactory>(), "Tradeul.Maintenance", ScanPersistenceJob.MissesCounter);

        var loop = MaintenanceLoops.Registered(app, ScanPersistenceJob.Name);
        await loop.StartAsync(CancellationToken.None);
        for (var run = 1; run <= 2; run++)
        {
            var status = await MaintenanceLoops.WaitForRunAsync(app, ScanPersistenceJob.Name, run);
            var shown = board.All[ScanPersistenceJob.Name];
            Assert.Equal(("missed", "scheduled", run), (shown.Outcome, shown.Trigger, shown.ConsecutiveFailures));
            Assert.Contains("MARKET_OPEN", shown.Detail, StringComparison.Ordinal);
            // Exactly the configured wait: a miss is not a fault, so no backoff doubling and no jitter.
            Assert.Equal(clock.GetUtcNow() + TimeSpan.FromMinutes(7), status.NextAttemptAt);
            Assert.Equal(run, misses.Sum(("session", "MARKET_OPEN")));
            Assert.True((await cache.StringGetAsync(RedisKeys.LastScanPersistence)).IsNull, "a miss must not move the persistence timestamp");
            Assert.Equal(0L, await ScanPersistenceTests.ScalarAsync(database, "SELECT count(*) FROM scan_results"));
            Assert.Equal(HealthStatus.Degraded, (await health.CheckHealthAsync(c => c.Name == JobRunHealthCheck.Name)).Status);
            var job = (await MaintenanceHost.ReadStatusAsync(app)).GetProperty("jobs").GetProperty(ScanPersistenceJob.Name);
            Assert.Equal(("missed", run), (job.GetProperty("outcome").GetString(), job.GetProperty("consecutive_failures").GetInt32()));
            if (run == 1)
            {
                clock.Advance(TimeSpan.FromMinutes(7));
            }
        }

        // The Scanner is back: the next retry, still within the hour, persists.
        await FilteredCompleteFixtures.CacheAsync(cache, "MARKET_OPEN", 100, clock.GetUtcNow());
        clock.Advance(TimeSpan.FromMinutes(7));
        var recovered = await MaintenanceLoops.WaitForRunAsync(app, ScanPersistenceJob.Name, 3);
        var ok = board.All[ScanPersistenceJob.Name];
        Assert.Equal(("ok", "100 read, 100 inserted, 0 rejected", 0), (ok.Outcome, ok.Detail, ok.ConsecutiveFailures));
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromHours(1), recovered.NextAttemptAt);
        Assert.Equal(clock.GetUtcNow(), DateTimeOffset.Parse((string)(await cache.StringGetAsync(RedisKeys.LastScanPersistence))!, CultureInfo.InvariantCulture));
        Assert.Equal(100L, await ScanPersistenceTests.ScalarAsync(database, "SELECT count(*) FROM scan_results"));
        Assert.Equal(2, misses.Sum());
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(c => c.Name == JobRunHealthCheck.Name)).Status);
        await loop.StopAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData("2026-11-28T15:00:00Z")] // Saturday, 10:00 New York
    [InlineData("2026-11-26T15:30:00Z")] // Thanksgiving, 10:30 New York: an NYSE holiday on a weekday
    [InlineData("2026-11-24T02:00:00Z")] // Monday, 21:00 New York: after the post-market
    [InlineData("2026-11-27T22:30:00Z")] // the day after Thanksgiving, 17:30 New York: past the early-close post-market (13:00 + 4 h)
    public async Task Outside_trading_sessions_no_document_is_expected_so_nothing_missing_is_a_miss(string at)
    {
        await using var redis = await RedisServer.CreateAsync();
        var database = await servers.CreateDatabaseAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.Parse(at, CultureInfo.InvariantCulture));
        await using var app = await MaintenanceHost.CreateAsync(redis.ConnectionString, database, output, clock, start: false);
        await app.Services.GetRequiredService<MigrationRunner>().ApplyAsync(CancellationToken.None);
        using var misses = new CounterRecorder(app.Services.GetRequiredService<IMeterFactory>(), "Tradeul.Maintenance", ScanPersistenceJob.MissesCounter);

        var loop = MaintenanceLoops.Registered(app, ScanPersistenceJob.Name);
        await loop.StartAsync(CancellationToken.None);
        var status = await MaintenanceLoops.WaitForRunAsync(app, ScanPersistenceJob.Name, 1);

        var shown = app.Services.GetRequiredService<JobBoard>().All[ScanPersistenceJob.Name];
        Assert.Equal(("ok", "market closed: no scanner:filtered_complete expected, nothing persisted"), (shown.Outcome, shown.Detail));
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromHours(1), status.NextAttemptAt);
        Assert.Equal(0, misses.Sum());
        // Nothing was persisted, so the persistence timestamp does not move either.
        Assert.True((await app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase().StringGetAsync(RedisKeys.LastScanPersistence)).IsNull);
        await loop.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task At_the_open_the_pre_market_document_still_counts_as_the_input()
    {
        // 09:30:20 New York: the session is MARKET_OPEN, the Scanner's newest snapshot is still of the pre-market.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 14, 30, 20, TimeSpan.Zero));
        await using var redis = await RedisServer.CreateAsync();
        var database = await servers.CreateDatabaseAsync();
        await using var app = await MaintenanceHost.CreateAsync(redis.ConnectionString, database, output, clock, start: false);
        await app.Services.GetRequiredService<MigrationRunner>().ApplyAsync(CancellationToken.None);
        await FilteredCompleteFixtures.CacheAsync(app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase(), "PRE_MARKET", 30, clock.GetUtcNow().AddSeconds(-25));

        var result = await app.Services.GetRequiredService<ScanPersistenceJob>().RunAsync(CancellationToken.None);

        Assert.Equal((30, 30, false), (result.Read, result.Inserted, result.NothingExpected));
    }
}
