using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using StackExchange.Redis;
using Tradeul.Maintenance.Jobs;
using Tradeul.Maintenance.Migrations;
using Tradeul.Shared.Redis;
using Tradeul.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tradeul.Tests.Maintenance;

[Collection(RealServersCollection.Name)]
public sealed class ScanPersistenceTests(RealServersFixture servers, ITestOutputHelper output)
{
    [Fact]
    public async Task Three_sessions_of_150_cached_tickers_become_300_rows_once_per_hour()
    {
        await using var redis = await RedisServer.CreateAsync();
        var database = await servers.CreateDatabaseAsync();
        await using var app = await MaintenanceHost.CreateAsync(redis.ConnectionString, database, output, start: false);
        await app.Services.GetRequiredService<MigrationRunner>().ApplyAsync(CancellationToken.None);
        var cache = app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        foreach (var session in new[] { "PRE_MARKET", "MARKET_OPEN", "POST_MARKET" })
        {
            await FilteredCompleteFixtures.CacheAsync(cache, session, 150);
        }
        var job = app.Services.GetRequiredService<ScanPersistenceJob>();

        var first = await job.RunAsync(CancellationToken.None);
        var again = await job.RunAsync(CancellationToken.None);

        Assert.Equal((300, 300, 0), (first.Read, first.Inserted, first.Rejected));
        Assert.Equal((300, 0), (again.Read, again.Inserted));
        Assert.Equal(300L, await ScalarAsync(database, "SELECT count(*) FROM scan_results"));
        Assert.Equal(100L, await ScalarAsync(database, "SELECT count(*) FROM scan_results WHERE session = 'POST_MARKET'"));
        Assert.Equal(100L, await ScalarAsync(database, "SELECT max(rank) FROM scan_results"));
        Assert.Equal(60L, await ScalarAsync(database, "SELECT count(*) FROM scan_results WHERE rvol IS NULL"));
        Assert.Equal(2L, await ScalarAsync(database, "SELECT cardinality(categories) FROM scan_results LIMIT 1"));
        Assert.False((await cache.StringGetAsync(RedisKeys.LastScanPersistence)).IsNull);
    }

    [Fact]
    public async Task Rows_carry_the_market_time_of_their_snapshot_and_a_document_without_one_is_refused_and_counted()
    {
        // The wall clock is Monday afternoon; the simulated market replays the Friday before.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 20, 17, 41, TimeSpan.Zero));
        var friday = new DateTimeOffset(2026, 11, 20, 14, 35, 12, 345, TimeSpan.Zero);
        await using var redis = await RedisServer.CreateAsync();
        var database = await servers.CreateDatabaseAsync();
        await using var app = await MaintenanceHost.CreateAsync(redis.ConnectionString, database, output, clock, start: false);
        await app.Services.GetRequiredService<MigrationRunner>().ApplyAsync(CancellationToken.None);
        var cache = app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        await FilteredCompleteFixtures.CacheAsync(cache, "MARKET_OPEN", 20, friday);
        // The format before market times travelled with the rows: a bare array.
        await cache.StringSetAsync(RedisKeys.FilteredComplete("PRE_MARKET"), """[{"rank":1,"symbol":"OLD","price":1,"volume":1,"score":1}]""");
        // A market time from the future would put rows where no retention reaches them.
        await FilteredCompleteFixtures.CacheAsync(cache, "POST_MARKET", 5, clock.GetUtcNow().AddDays(2));
        using var rejectedRows = new CounterRecorder(app.Services.GetRequiredService<IMeterFactory>(), "Tradeul.Maintenance", "tradeul.maintenance.scan_rows_rejected");
        var job = app.Services.GetRequiredService<ScanPersistenceJob>();

        var first = await job.RunAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(1));
        var sameSnapshot = await job.RunAsync(CancellationToken.None);

        Assert.Equal((20, 2, 20), (first.Read, first.Rejected, first.Inserted));
        Assert.Equal(0, sameSnapshot.Inserted);
        Assert.Equal(20L, await ScalarAsync(database, "SELECT count(*) FROM scan_results"));
        Assert.Equal(friday.ToUnixTimeMilliseconds(), await ScalarAsync(database, "SELECT min(extract(epoch FROM time) * 1000)::bigint FROM scan_results"));
        Assert.Equal(friday.ToUnixTimeMilliseconds(), await ScalarAsync(database, "SELECT max(extract(epoch FROM time) * 1000)::bigint FROM scan_results"));
        Assert.Equal(0L, await ScalarAsync(database, "SELECT count(*) FROM scan_results WHERE session <> 'MARKET_OPEN'"));
        Assert.Equal([2L, 2L], rejectedRows.Values);
        Assert.Equal(clock.GetUtcNow(), DateTimeOffset.Parse((string)(await cache.StringGetAsync(RedisKeys.LastScanPersistence))!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_run_while_postgres_is_down_writes_nothing_and_keeps_the_timestamp_and_the_next_run_writes()
    {
        await using var redis = await RedisServer.CreateAsync();
        await using var postgres = await PostgresServer.CreateAsync();
        await using var app = await MaintenanceHost.CreateAsync(redis.ConnectionString, postgres.ConnectionString(), output, start: false);
        await app.Services.GetRequiredService<MigrationRunner>().ApplyAsync(CancellationToken.None);
        var cache = app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        await cache.StringSetAsync(RedisKeys.LastScanPersistence, "2026-11-23T09:00:00.0000000+00:00");
        foreach (var session in new[] { "PRE_MARKET", "MARKET_OPEN", "POST_MARKET" })
        {
            await FilteredCompleteFixtures.CacheAsync(cache, session, 150);
        }
        var job = app.Services.GetRequiredService<ScanPersistenceJob>();

        await postgres.StopAsync();
        // One run: its retries all fail. (More failing runs in a row open the circuit breaker,
        // which then refuses calls for its break duration: that is the breaker working.)
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => job.RunAsync(CancellationToken.None));
        Assert.Equal("2026-11-23T09:00:00.0000000+00:00", (string?)await cache.StringGetAsync(RedisKeys.LastScanPersistence));

        await postgres.StartAsync();
        var recovered = await job.RunAsync(CancellationToken.None);

        Assert.Equal(300, recovered.Inserted);
        Assert.Equal(300L, await ScalarAsync(postgres.ConnectionString(), "SELECT count(*) FROM scan_results"));
        Assert.NotEqual("2026-11-23T09:00:00.0000000+00:00", (string?)await cache.StringGetAsync(RedisKeys.LastScanPersistence));
    }

    internal static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    internal static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
