using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Polly.CircuitBreaker;
using StackExchange.Redis;
using Tradeul.Maintenance.Jobs;
using Tradeul.Maintenance.Migrations;
using Tradeul.Shared.Hosting;
using Tradeul.Shared.Redis;
using Tradeul.Tests.Infrastructure;
using Tradeul.Tests.Maintenance;
using Xunit.Abstractions;

namespace Tradeul.Tests.Faults;

[Collection(RealServersCollection.Name)]
public sealed class PostgresOutageTests(ITestOutputHelper output)
{
    private const string EarlierStamp = "2026-11-23T09:00:00.0000000+00:00";
    private static readonly string[] Sessions = ["PRE_MARKET", "MARKET_OPEN", "POST_MARKET"];

    [Fact]
    public async Task Persistence_runs_keep_failing_while_postgres_is_down_and_the_rows_arrive_exactly_once_when_it_is_back()
    {
        await UnobservedExceptions.AssertNoneAsync(RunAsync,
            e => e.Flatten().InnerExceptions.Any(x => x is NpgsqlException or BrokenCircuitException));
    }

    private async Task RunAsync()
    {
        await using var redis = await RedisServer.CreateAsync();
        await using var postgres = await PostgresServer.CreateAsync();
        // Not started: this test runs the persistence loop itself. Polly and PostgreSQL stay on
        // the real clock (the breaker's break duration is real time); only the loop's schedule
        // and the job's hour stamp run on a fake one.
        await using var app = await MaintenanceHost.CreateAsync(redis.ConnectionString, postgres.ConnectionString(), output, start: false);
        await app.Services.GetRequiredService<MigrationRunner>().ApplyAsync(CancellationToken.None);
        var cache = app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        await cache.StringSetAsync(RedisKeys.LastScanPersistence, EarlierStamp);
        foreach (var session in Sessions)
        {
            await FilteredCompleteFixtures.CacheAsync(cache, session, 150);
        }

        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 15, 0, 0, TimeSpan.Zero));
        var job = ActivatorUtilities.CreateInstance<ScanPersistenceJob>(app.Services, clock);
        var board = app.Services.GetRequiredService<JobBoard>();
        var monitor = app.Services.GetRequiredService<LoopMonitor>();
        // Wired as AddMaintenanceServices wires it: the job through the board, in a JobLoop.
        using var loop = ActivatorUtilities.CreateInstance<JobLoop>(app.Services, ScanPersistenceJob.Name, TimeSpan.FromMinutes(1), clock,
            (Func<IServiceProvider, CancellationToken, Task>)((sp, token) =>
                sp.GetRequiredService<JobBoard>().RunAsync(ScanPersistenceJob.Name, job.RunAsync, r => $"{r.Read} read, {r.Inserted} inserted", token)));

        await postgres.StopAsync();
        await loop.StartAsync(CancellationToken.None);
        var status = await WaitForRunAsync(monitor, 1);

        // Several runs in a row while PostgreSQL is down: each one fails, is recorded and
        // counted, and the loop lives on to try again at its next tick.
        var errors = new List<string>();
        const int failingRuns = 5;
        for (var run = 1; run <= failingRuns; run++)
        {
            if (run > 1)
            {
                clock.Advance(TimeSpan.FromMinutes(1));
                status = await WaitForRunAsync(monitor, run);
            }
            Assert.Equal(run, status.Failures);
            Assert.Equal(run, status.ConsecutiveFailures);
            Assert.NotEqual(LoopState.Died, status.State);
            Assert.Equal("failed", board.All[ScanPersistenceJob.Name].Outcome);
            Assert.Equal(EarlierStamp, (string?)await cache.StringGetAsync(RedisKeys.LastScanPersistence));
            errors.Add(status.LastError!);
        }
        output.WriteLine(string.Join(Environment.NewLine, errors));
        // The first runs reach PostgreSQL (and are retried); once enough attempts have failed
        // the circuit breaker opens and later runs fail fast. Both are failures, neither escapes.
        Assert.StartsWith(nameof(NpgsqlException), errors[0], StringComparison.Ordinal);
        Assert.All(errors, e => Assert.True(e.StartsWith(nameof(NpgsqlException), StringComparison.Ordinal)
            || e.StartsWith(nameof(BrokenCircuitException), StringComparison.Ordinal), e));
        var health = await new LoopHealthCheck(monitor).CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Contains($"job:{ScanPersistenceJob.Name}", health.Description, StringComparison.Ordinal);

        await postgres.StartAsync();
        var database = postgres.ConnectionString();
        Assert.Equal(0L, await ScanPersistenceTests.ScalarAsync(database, "SELECT count(*) FROM scan_results"));

        // The breaker's break duration is real time: each further tick of the loop is one more
        // try, until the breaker lets one through to the PostgreSQL that is back.
        var runs = status.Iterations;
        await Eventually.Until(async () =>
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            await WaitForRunAsync(monitor, ++runs);
            return board.All[ScanPersistenceJob.Name].Outcome;
        }, outcome => outcome == "ok", "a persistence run to succeed after PostgreSQL came back", TimeSpan.FromSeconds(60));

        Assert.Equal(0, status.ConsecutiveFailures);
        Assert.Equal("300 read, 300 inserted", board.All[ScanPersistenceJob.Name].Detail);
        Assert.Equal(HealthStatus.Healthy, (await new LoopHealthCheck(monitor).CheckHealthAsync(new HealthCheckContext())).Status);
        Assert.Equal(300L, await ScanPersistenceTests.ScalarAsync(database, "SELECT count(*) FROM scan_results"));
        Assert.Equal(300L, await ScanPersistenceTests.ScalarAsync(database, "SELECT count(DISTINCT (session, symbol)) FROM scan_results"));
        Assert.Equal(1L, await ScanPersistenceTests.ScalarAsync(database, "SELECT count(DISTINCT time) FROM scan_results"));
        Assert.Equal(clock.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            (string?)await cache.StringGetAsync(RedisKeys.LastScanPersistence));

        // Once more in the same hour: the rows are there already, nothing is written twice.
        var again = await job.RunAsync(CancellationToken.None);
        Assert.Equal((300, 0), (again.Read, again.Inserted));
        Assert.Equal(300L, await ScanPersistenceTests.ScalarAsync(database, "SELECT count(*) FROM scan_results"));

        await loop.StopAsync(CancellationToken.None);
        Assert.Equal(LoopState.Stopped, status.State);
    }

    /// <summary>Waits until the loop has finished run <paramref name="run"/> and scheduled its next wait on the fake clock.</summary>
    private static async Task<LoopStatus> WaitForRunAsync(LoopMonitor monitor, long run)
    {
        LoopStatus? status = null;
        // A run while PostgreSQL is down takes a few real seconds of retries.
        await Eventually.Until(() =>
        {
            status = monitor.Find($"job:{ScanPersistenceJob.Name}");
            return status is { State: LoopState.Waiting } && status.Iterations >= run;
        }, $"persistence run {run} to finish", TimeSpan.FromSeconds(60));
        return status!;
    }
}
