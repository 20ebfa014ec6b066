using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Tradeul.Maintenance;
using Tradeul.Maintenance.Jobs;
using Tradeul.Maintenance.Migrations;
using Tradeul.Maintenance.Storage;
using Tradeul.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tradeul.Tests.Maintenance;

[Collection(RealServersCollection.Name)]
public sealed class FallbackRetentionTests(RealServersFixture servers, ITestOutputHelper output)
{
    [Fact]
    public async Task Retention_deletes_exactly_the_rows_older_than_each_window()
    {
        var now = DateTimeOffset.Parse("2026-11-23T15:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var time = new FakeTimeProvider(now);
        await using var redis = await RedisServer.CreateAsync();
        var database = await servers.CreateDatabaseAsync();
        await using var app = await MaintenanceHost.CreateAsync(redis.ConnectionString, database, output, time, start: false);
        await app.Services.GetRequiredService<MigrationRunner>().ApplyAsync(CancellationToken.None);

        var window = FallbackRetentionJob.ScanResultsWindow;
        // One second either side of the cut-off, and one exactly on it (kept: only older rows go).
        var ages = new[] { window + TimeSpan.FromSeconds(1), window + TimeSpan.FromDays(1), window, window - TimeSpan.FromSeconds(1), TimeSpan.Zero };
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            for (var i = 0; i < ages.Length; i++)
            {
                await using var insert = new NpgsqlCommand(
                    "INSERT INTO scan_results (time, session, symbol, rank, score, price, volume, categories) VALUES ($1, 'MARKET_OPEN', $2, 1, 1, 1, 1, '{}')", connection);
                insert.Parameters.AddWithValue(now - ages[i]);
                insert.Parameters.AddWithValue($"S{i}");
                await insert.ExecuteNonQueryAsync();
            }
            foreach (var daysAgo in new[] { 15, 14, 13 })
            {
                await using var slot = new NpgsqlCommand("INSERT INTO volume_slots (date, symbol, cumulative_volumes) VALUES ($1, 'AAA', array_fill(1::bigint, ARRAY[192]))", connection);
                slot.Parameters.AddWithValue(DateOnly.FromDateTime(now.UtcDateTime).AddDays(-daysAgo));
                await slot.ExecuteNonQueryAsync();
            }
        }

        var result = await app.Services.GetRequiredService<FallbackRetentionJob>().RunAsync(CancellationToken.None);

        // Plain PostgreSQL: no policy anywhere, so Maintenance keeps every bound, row by row (no chunks to drop).
        Assert.Equal(["scan_results", "volume_slots", "scan_results_1min", "scan_results_1hour"], result.Bounds.Select(b => b.Relation));
        Assert.All(result.Bounds, bound => Assert.Equal((null, 0), (bound.PolicyJobId, bound.ChunksDropped)));
        Assert.Equal(2, result.ScanResults);
        Assert.Equal(1, result.VolumeSlots);
        Assert.Equal(3L, await ScanPersistenceTests.ScalarAsync(database, "SELECT count(*) FROM scan_results"));
        Assert.Equal(0L, await ScanPersistenceTests.ScalarAsync(database, "SELECT count(*) FROM scan_results WHERE symbol IN ('S0', 'S1')"));
        Assert.Equal(2L, await ScanPersistenceTests.ScalarAsync(database, "SELECT count(*) FROM volume_slots"));
    }

    [Fact]
    public async Task Retention_deletes_a_large_backlog_in_batches_of_the_configured_size_until_nothing_expired_is_left()
    {
        var now = DateTimeOffset.Parse("2026-11-23T15:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        await using var redis = await RedisServer.CreateAsync();
        var database = await servers.CreateDatabaseAsync();
        await using var app = await MaintenanceHost.CreateAsync(redis.ConnectionString, database, output, new FakeTimeProvider(now), start: false,
            settings: [new("Maintenance:RetentionBatchRows", "100")]);
        await app.Services.GetRequiredService<MigrationRunner>().ApplyAsync(CancellationToken.None);
        // 1,050 expired rows over three dates, 30 kept on the cut-off date itself (2026-11-09).
        await ScanPersistenceTests.ScalarAsync(database,
            """
            WITH inserted AS (
                INSERT INTO volume_slots (date, symbol, cumulative_volumes)
                SELECT DATE '2026-11-09' - (i % 3) - 1, 'S' || i, array_fill(7::bigint, ARRAY[192]) FROM generate_series(1, 1050) AS i
                UNION ALL
                SELECT DATE '2026-11-09', 'K' || i, array_fill(7::bigint, ARRAY[192]) FROM generate_series(1, 30) AS i
                RETURNING 1)
            SELECT count(*) FROM inserted
            """);

        var result = await app.Services.GetRequiredService<FallbackRetentionJob>().RunAsync(CancellationToken.None);
        var again = await app.Services.GetRequiredService<FallbackRetentionJob>().RunAsync(CancellationToken.None);

        var slots = result.Outcome(RetentionBound.VolumeSlots);
        output.WriteLine(result.ToString());
        // Ten full batches, then one of 50: fewer than a batch means nothing expired is left.
        Assert.Equal((1_050L, 11), (slots.RowsDeleted, slots.Batches));
        Assert.Equal((0L, 1), (again.Outcome(RetentionBound.VolumeSlots).RowsDeleted, again.Outcome(RetentionBound.VolumeSlots).Batches));
        Assert.Equal(30L, await ScanPersistenceTests.ScalarAsync(database, "SELECT count(*) FROM volume_slots"));
        Assert.Equal(0L, await ScanPersistenceTests.ScalarAsync(database, "SELECT count(*) FROM volume_slots WHERE date < '2026-11-09'"));
        // A table rows were deleted from is vacuumed once, so their space takes the next rows; one with nothing deleted is not.
        Assert.Equal((1L, 0L), (await ScanPersistenceTests.ScalarAsync(database, "SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'volume_slots'"),
            await ScanPersistenceTests.ScalarAsync(database, "SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'scan_results'")));
    }

    [Fact]
    public void Retention_batches_are_validated_at_start()
    {
        var validator = new MaintenanceOptionsValidator();
        MaintenanceOptions Options(int batchRows) => new() { ApiKey = "0123456789abcdef", RetentionBatchRows = batchRows };

        Assert.True(validator.Validate(null, Options(5_000)).Succeeded);
        Assert.Contains("Maintenance:RetentionBatchRows must be between 100 and 1000000 (was 99).", validator.Validate(null, Options(99)).Failures!);
        Assert.False(validator.Validate(null, Options(1_000_001)).Succeeded);
    }
}
