using Microsoft.Extensions.DependencyInjection;
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

    internal static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
