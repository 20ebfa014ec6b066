using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Tradeul.Maintenance.Jobs;
using Tradeul.Maintenance.Migrations;
using Tradeul.Maintenance.Status;
using Tradeul.Maintenance.Storage;
using Tradeul.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tradeul.Tests.Maintenance.Timescale;

/// <summary>
/// TimescaleDB's Apache edition: hypertables without policies, so Maintenance keeps every bound. Runs on a server
/// started with <c>timescaledb.license=apache</c>, which behaves as the Apache build (no TSL code is loaded) and
/// is the Apache build where only that is installed.
/// </summary>
[Collection(RealServersCollection.Name)]
public sealed class TimescaleApacheTests(RealServersFixture servers, ITestOutputHelper output)
{
    [TimescaleFact(TimescaleEdition.Apache)]
    public async Task Apache_mode_retention_drops_whole_expired_chunks_leaves_no_empty_one_and_rollups_fill()
    {
        // Friday 15:00 UTC: six days of hourly rows span seven one-day chunks, 21 dates of slots 21 chunks.
        var now = new DateTimeOffset(2026, 11, 27, 15, 0, 0, TimeSpan.Zero);
        await using var redis = await RedisServer.CreateAsync();
        var database = await servers.CreateTimescaleDatabaseAsync(TimescaleEdition.Apache);
        await using var app = await MaintenanceHost.CreateAsync(redis.ConnectionString, database, output, new FakeTimeProvider(now), start: false);
        var report = await app.Services.GetRequiredService<MigrationRunner>().ApplyAsync(CancellationToken.None);
        await TimescaleTestData.SeedAsync(database, now, scanDays: 6, slotDays: 21, symbols: 10);
        var before = (Scans: await TimescaleTestData.ChunksAsync(database, "scan_results"), Slots: await TimescaleTestData.ChunksAsync(database, "volume_slots"));

        var retention = await app.Services.GetRequiredService<FallbackRetentionJob>().RunAsync(CancellationToken.None);
        var rollups = await app.Services.GetRequiredService<FallbackRollupJob>().RunAsync(CancellationToken.None);
        var after = (Scans: await TimescaleTestData.ChunksAsync(database, "scan_results"), Slots: await TimescaleTestData.ChunksAsync(database, "volume_slots"));
        output.WriteLine($"changes: {string.Join("; ", report.StorageChanges)}");
        output.WriteLine($"chunks before: scan_results {before.Scans}, volume_slots {before.Slots}; after: scan_results {after.Scans}, volume_slots {after.Slots}");
        output.WriteLine($"retention: {retention}; rollups: {rollups}");

        Assert.Equal(StorageMode.TimescaleDbApache, report.Mode);
        Assert.Equal(
            [
                $"created extension timescaledb {report.Layout.ExtensionVersion}",
                "scan_results became a hypertable (0 rows moved into chunks)",
                "volume_slots became a hypertable (0 rows moved into chunks)",
            ],
            report.StorageChanges);
        Assert.Empty(report.Layout.ContinuousAggregates);
        Assert.Empty(report.Layout.Policies);
        Assert.Equal(((7, 0), (21, 0)), before);
        // Cut-offs: scan_results 2026-11-24 15:00 (the 21st..23rd chunks go whole, the 24th is trimmed);
        // volume_slots 2026-11-13 (the 7th..12th go whole, the 13th holds no older row).
        // Deleted one by one: only the boundary chunk's older rows, the 24th's 00:00..14:00 (15 hours x 10 symbols).
        Assert.Equal((3, 150L), (retention.Outcome(RetentionBound.ScanResults).ChunksDropped, retention.ScanResults));
        Assert.Equal((6, 0L), (retention.Outcome(RetentionBound.VolumeSlots).ChunksDropped, retention.VolumeSlots));
        Assert.Equal(((4, 0), (15, 0)), after);
        Assert.All(retention.Bounds, bound => Assert.Null(bound.PolicyJobId));
        Assert.Equal(730L, await ScanPersistenceTests.ScalarAsync(database, "SELECT count(*) FROM scan_results")); // 73 hours (24th 15:00 .. 27th 15:00) x 10
        Assert.Equal(0L, await ScanPersistenceTests.ScalarAsync(database, "SELECT count(*) FROM scan_results WHERE time < '2026-11-24T15:00:00Z'"));
        Assert.Equal(150L, await ScanPersistenceTests.ScalarAsync(database, "SELECT count(*) FROM volume_slots"));

        // Rollups: the trailing windows (3 hours of minutes, 2 days of hours) equal time_bucket over the raw rows.
        Assert.Equal((40, 490), (rollups.Minutes, rollups.Hours));
        Assert.Equal(0L, await TimescaleTestData.DifferenceAsync(database,
            TimescaleTestData.RollupRows("scan_results_1min", "'2026-11-27T12:00:00Z'::timestamptz", "1 minute"),
            TimescaleTestData.ExpectedBuckets("1 minute", "'2026-11-27T12:00:00Z'::timestamptz")));
        Assert.Equal(0L, await TimescaleTestData.DifferenceAsync(database,
            TimescaleTestData.RollupRows("scan_results_1hour", "'2026-11-25T15:00:00Z'::timestamptz", "1 hour"),
            TimescaleTestData.ExpectedBuckets("1 hour", "'2026-11-25T15:00:00Z'::timestamptz")));

        using var status = JsonDocument.Parse(JsonSerializer.Serialize(await app.Services.GetRequiredService<MaintenanceStatusReader>().ReadAsync(CancellationToken.None)));
        output.WriteLine(status.RootElement.ToString());
        var root = status.RootElement;
        Assert.Equal("timescaledb-apache", root.GetProperty("mode").GetString());
        Assert.Equal("apache", root.GetProperty("timescaledb").GetProperty("license").GetString());
        Assert.All(root.GetProperty("bounds").EnumerateObject(), bound => Assert.Equal("maintenance", bound.Value.GetProperty("enforced_by").GetString()));
        var scans = root.GetProperty("tables").GetProperty("scan_results");
        Assert.Equal(("hypertable", 730L, true, 4), (scans.GetProperty("kind").GetString(), scans.GetProperty("rows").GetInt64(), scans.GetProperty("rows_exact").GetBoolean(), scans.GetProperty("chunks").GetInt32()));
        Assert.Equal(await ScanPersistenceTests.ScalarAsync(database, "SELECT hypertable_size('scan_results')"), scans.GetProperty("bytes").GetInt64());
        var minutes = root.GetProperty("tables").GetProperty("scan_results_1min");
        Assert.Equal(("table", 40L), (minutes.GetProperty("kind").GetString(), minutes.GetProperty("rows").GetInt64()));
        Assert.True(minutes.GetProperty("bytes").GetInt64() > 0);
    }
}
