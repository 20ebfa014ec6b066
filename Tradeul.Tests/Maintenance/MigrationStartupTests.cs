using Microsoft.AspNetCore.Builder;
using Npgsql;
using Tradeul.Maintenance.Migrations;
using Tradeul.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tradeul.Tests.Maintenance;

/// <summary>
/// Deploy mode (<c>Maintenance:ApplyMigrationsAtStart</c>, the default): the migration at start may take minutes
/// and must not be cut off by the PostgreSQL resilience pipeline's 30 s attempt timeout; only connecting is retried.
/// </summary>
[Collection(RealServersCollection.Name)]
public sealed class MigrationStartupTests(RealServersFixture servers, ITestOutputHelper output)
{
    /// <summary>
    /// Another instance holds the migration lock for 45 s (real seconds: the wait is PostgreSQL's, no clock of ours
    /// can shorten it). Maintenance waits for it at start, past the pipeline's 30 s, then migrates and starts.
    /// </summary>
    [Fact]
    public async Task A_migration_that_waits_45_s_for_the_lock_completes_at_start()
    {
        await using var redis = await RedisServer.CreateAsync();
        var database = await servers.CreateDatabaseAsync();
        await using var otherInstance = new NpgsqlConnection(database);
        await otherInstance.OpenAsync();
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", otherInstance))
        {
            take.Parameters.AddWithValue("key", MigrationLock.Key);
            await take.ExecuteNonQueryAsync();
        }

        var starting = MaintenanceHost.CreateAsync(redis.ConnectionString, database, output,
            settings: [new("Maintenance:ApplyMigrationsAtStart", "true")]);
        await Eventually.Until(() => LockWaitersAsync(database), waiters => waiters == 1, "Maintenance to wait for the migration lock");
        await Task.Delay(TimeSpan.FromSeconds(45));
        Assert.False(starting.IsCompleted, starting.Exception?.ToString() ?? "Maintenance started without the migration lock");

        await using (var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", otherInstance))
        {
            release.Parameters.AddWithValue("key", MigrationLock.Key);
            await release.ExecuteNonQueryAsync();
        }
        await using WebApplication app = await starting.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(5L, await ScanPersistenceTests.ScalarAsync(database, "SELECT count(*) FROM schemaversions"));
        Assert.Equal(0L, await LockWaitersAsync(database));
        await app.StopAsync();
    }

    /// <summary>Sessions waiting (not yet granted) for the migration's advisory lock.</summary>
    private static Task<long> LockWaitersAsync(string database) => ScanPersistenceTests.ScalarAsync(database,
        $"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) AND NOT granted AND ((classid::bigint << 32) | objid::bigint) = {MigrationLock.Key}");
}
