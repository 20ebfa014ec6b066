using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using StackExchange.Redis;
using Tradeul.Maintenance.Jobs;
using Tradeul.Maintenance.Migrations;
using Tradeul.Maintenance.Status;
using Tradeul.Maintenance.Storage;
using Tradeul.Maintenance.Watchdog;
using Tradeul.Shared.Redis;
using Tradeul.Tests.Infrastructure;
using Tradeul.Tests.Maintenance.Migrations;
using Xunit.Abstractions;

namespace Tradeul.Tests.Maintenance.Timescale;

/// <summary>TimescaleDB's full edition: the migrations' objects, the upgrade of a plain-migrated database, the policies at work, and what status and health say about them.</summary>
[Collection(RealServersCollection.Name)]
public sealed class TimescaleFullEditionTests(RealServersFixture servers, ITestOutputHelper output)
{
    private static readonly string[] Relations = ["scan_results", "volume_slots", "ticker_metadata", "scan_results_1min", "scan_results_1hour"];

    [TimescaleFact(TimescaleEdition.Full)]
    public async Task From_empty_migrate_makes_every_object_with_policies_first_starting_a_minute_apart_and_a_second_run_changes_nothing()
    {
        await using var database = NpgsqlDataSource.Create(await servers.CreateTimescaleDatabaseAsync(TimescaleEdition.Full));
        using var logging = LoggerFactory.Create(builder => builder.AddProvider(new TestOutputLoggerProvider(output)));
        var runner = new MigrationRunner(database, logging.CreateLogger<MigrationRunner>());

        var report = await runner.ApplyAsync(CancellationToken.None);
        var again = await runner.ApplyAsync(CancellationToken.None);
        output.WriteLine(string.Join(Environment.NewLine, report.StorageChanges));

        Assert.Equal(StorageMode.TimescaleDb, report.Mode);
        Assert.Equal("timescale", report.Layout.License);
        Assert.Equal(
            [
                $"created extension timescaledb {report.Layout.ExtensionVersion}",
                "scan_results became a hypertable (0 rows moved into chunks)",
                "volume_slots became a hypertable (0 rows moved into chunks)",
                "scan_results compression enabled (ordered by symbol, time DESC, session)",
                "volume_slots compression enabled (ordered by symbol)",
                "scan_results_1min created as a continuous aggregate",
                "scan_results_1hour created as a continuous aggregate",
            ],
            report.StorageChanges.Take(7));
        Assert.Equal(8, report.StorageChanges.Count(change => change.Contains(" added, first run at ", StringComparison.Ordinal)));
        Assert.Equal(8, report.Layout.Policies.Count(policy => policy.Scheduled));
        Assert.False(report.Layout.UpgradePending);
        var firstStarts = await InitialStartsAsync(database);
        Assert.Equal(8, firstStarts.Count);
        Assert.All(firstStarts.Zip(firstStarts.Skip(1)), pair => Assert.Equal(TimeSpan.FromMinutes(1), pair.Second - pair.First));
        Assert.Empty(again.Applied);
        Assert.Empty(again.StorageChanges);
        Assert.Equal(StorageMode.TimescaleDb, again.Mode);
    }

    [TimescaleFact(TimescaleEdition.Full)]
    public async Task A_database_first_migrated_on_plain_postgresql_is_upgraded_under_the_lock_keeping_every_row_when_timescaledb_arrives()
    {
        await using var redis = await RedisServer.CreateAsync();
        await using var server = await PostgresServer.CreateAsync();
        var database = await RealServersFixture.CreateDatabaseAsync(server.ConnectionString());
        var now = await TimescaleTestData.ServerNowAsync(database);
        await using var app = await MaintenanceHost.CreateAsync(redis.ConnectionString, database, output, new FakeTimeProvider(now), start: false);
        var runner = app.Services.GetRequiredService<MigrationRunner>();
        var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();

        Assert.Equal(StorageMode.PostgreSql, (await runner.ApplyAsync(CancellationToken.None)).Mode);
        await TimescaleTestData.SeedAsync(database, now, scanDays: 2, slotDays: 5, symbols: 5);
        await app.Services.GetRequiredService<FallbackRollupJob>().RunAsync(CancellationToken.None);
        // Buckets a plain rollup table keeps for weeks after their raw rows are gone: no aggregate could recompute them.
        await ExecuteAsync(database,
            """
            INSERT INTO scan_results_1min VALUES (now() - INTERVAL '20 days', 'OLD', 1, 2, 1, 10, 50, 1.5, 3);
            INSERT INTO scan_results_1hour VALUES (date_trunc('hour', now()) - INTERVAL '100 days', 'OLD', 1, 2, 1, 10, 50, 1.5, 60);
            """);
        var before = await TimescaleTestData.CountsAsync(database, Relations);

        // TimescaleDB arrives: the server preloads it, and an administrator creates the extension, as a managed server's instructions say.
        await server.StopAsync();
        server.Timescale = TimescaleEdition.Full;
        await server.StartAsync();
        // Pooled connections died with the old server process.
        dataSource.Clear();
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(database, "CREATE EXTENSION timescaledb");
        var arrived = await StorageLayoutReader.ReadAsync(dataSource, CancellationToken.None);
        var stillBounded = await app.Services.GetRequiredService<FallbackRetentionJob>().RunAsync(CancellationToken.None);

        Assert.NotNull(arrived.ExtensionVersion);
        Assert.Equal(StorageMode.PostgreSql, arrived.Mode);
        Assert.True(arrived.UpgradePending);
        Assert.All(stillBounded.Bounds, bound => Assert.Null(bound.PolicyJobId));

        // migrate upgrades under the same advisory lock: while another instance holds it, nothing changes.
        await using var holder = await dataSource.OpenConnectionAsync();
        await ExecuteAsync(holder, $"SELECT pg_advisory_lock({MigrationLock.Key})");
        var upgrading = runner.ApplyAsync(CancellationToken.None);
        await Eventually.Until(() => MigrationRunnerTests.WaitingForLockAsync(dataSource), waiting => waiting == 1, "migrate waiting for the migration lock");
        Assert.Empty((await StorageLayoutReader.ReadAsync(dataSource, CancellationToken.None)).Hypertables);
        await ExecuteAsync(holder, $"SELECT pg_advisory_unlock({MigrationLock.Key})");
        var report = await upgrading;
        var again = await runner.ApplyAsync(CancellationToken.None);
        var after = await TimescaleTestData.CountsAsync(database, Relations);
        output.WriteLine($"before: {string.Join(", ", before)}; after: {string.Join(", ", after)}");
        output.WriteLine(string.Join(Environment.NewLine, report.StorageChanges));

        Assert.Empty(report.Applied);
        Assert.Equal(
            [
                "scan_results became a hypertable (240 rows moved into chunks)",
                "volume_slots became a hypertable (25 rows moved into chunks)",
                "scan_results compression enabled (ordered by symbol, time DESC, session)",
                "volume_slots compression enabled (ordered by symbol)",
                $"scan_results_1min became a continuous aggregate ({before["scan_results_1min"]} rows kept)",
                $"scan_results_1hour became a continuous aggregate ({before["scan_results_1hour"]} rows kept)",
            ],
            report.StorageChanges.Take(6));
        Assert.Equal(8, report.StorageChanges.Count(change => change.Contains(" added, first run at ", StringComparison.Ordinal)));
        Assert.Equal(StorageMode.TimescaleDb, report.Mode);
        Assert.Equal(["scan_results", "volume_slots"], report.Layout.Hypertables.Order());
        Assert.Equal(["scan_results_1hour", "scan_results_1min"], report.Layout.ContinuousAggregates.Keys.Order());
        Assert.Equal(before, after);
        Assert.Equal(1L, await ScanPersistenceTests.ScalarAsync(database, "SELECT count(*) FROM scan_results_1hour WHERE symbol = 'OLD'"));
        Assert.Empty(again.StorageChanges);
        Assert.Equal(StorageMode.TimescaleDb, again.Mode);
    }

    [TimescaleFact(TimescaleEdition.Full)]
    public async Task A_database_of_the_earlier_layout_gets_volume_slots_converted_keeping_every_reading_its_policies_back_and_scan_results_unsegmented()
    {
        await using var database = NpgsqlDataSource.Create(await servers.CreateTimescaleDatabaseAsync(TimescaleEdition.Full));
        using var logging = LoggerFactory.Create(builder => builder.AddProvider(new TestOutputLoggerProvider(output)));
        var earlier = new MigrationRunner(database, logging.CreateLogger<MigrationRunner>(),
            [.. EmbeddedMigrationScripts.All.Where(script => script.Name != "0005_volume_slots_by_day.sql")]);
        Assert.Equal(["scan_results", "volume_slots"], (await earlier.ApplyAsync(CancellationToken.None)).Layout.Hypertables.Order());
        // As the earlier storage script compressed scan_results: segmented by symbol, a chunk compressed to twice its size.
        await using (var segmented = database.CreateCommand("ALTER TABLE scan_results SET (timescaledb.compress_segmentby = 'symbol', timescaledb.compress_orderby = 'time DESC, session')"))
        {
            await segmented.ExecuteNonQueryAsync();
        }
        await using (var seed = database.CreateCommand(
            """
            INSERT INTO volume_slots (date, symbol, slot, cumulative_volume)
            SELECT current_date - d, 'S' || s, slot, 1000 * d + slot FROM generate_series(0, 4) AS d, generate_series(1, 20) AS s, generate_series(0, 191, 2) AS slot
            """))
        {
            await seed.ExecuteNonQueryAsync();
        }

        var report = await new MigrationRunner(database, logging.CreateLogger<MigrationRunner>()).ApplyAsync(CancellationToken.None);
        output.WriteLine(string.Join(Environment.NewLine, report.StorageChanges));

        Assert.Equal(["0005_volume_slots_by_day.sql"], report.Applied);
        Assert.Equal(StorageMode.TimescaleDb, report.Mode);
        Assert.Contains("volume_slots became a hypertable (100 rows moved into chunks)", report.StorageChanges);
        Assert.Contains("scan_results compression no longer segmented (ordered by symbol, time DESC, session)", report.StorageChanges);
        Assert.Equal(0L, await ScanPersistenceTests.ScalarAsync(database.ConnectionString,
            "SELECT count(*) FROM timescaledb_information.compression_settings WHERE hypertable_name IN ('scan_results', 'volume_slots') AND segmentby_column_index IS NOT NULL"));
        Assert.Equal(5L, await ScanPersistenceTests.ScalarAsync(database.ConnectionString, "SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_name = 'volume_slots'"));
        Assert.NotNull(report.Layout.ScheduledPolicy(TimescalePolicyKind.Retention, "volume_slots"));
        Assert.NotNull(report.Layout.ScheduledPolicy(TimescalePolicyKind.Compression, "volume_slots"));
        // Every reading where it was, every other slot -1.
        Assert.Equal(0L, await ScanPersistenceTests.ScalarAsync(database.ConnectionString,
            """
            SELECT count(*) FROM volume_slots, unnest(cumulative_volumes) WITH ORDINALITY AS u(v, i)
            WHERE v <> CASE WHEN (i - 1) % 2 = 0 THEN 1000 * (current_date - date) + (i - 1) ELSE -1 END
            """));
        Assert.Equal(100L * 192, await ScanPersistenceTests.ScalarAsync(database.ConnectionString, "SELECT count(*) FROM volume_slots, unnest(cumulative_volumes)"));
    }

    [TimescaleFact(TimescaleEdition.Full)]
    public async Task After_every_policy_runs_expired_chunks_are_gone_old_ones_compressed_both_aggregates_filled_and_status_tells_the_truth()
    {
        await using var redis = await RedisServer.CreateAsync();
        var database = await servers.CreateTimescaleDatabaseAsync(TimescaleEdition.Full);
        var now = await TimescaleTestData.ServerNowAsync(database);
        await using var app = await MaintenanceHost.CreateAsync(redis.ConnectionString, database, output, new FakeTimeProvider(now), start: false);
        var report = await app.Services.GetRequiredService<MigrationRunner>().ApplyAsync(CancellationToken.None);
        var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();
        await TimescaleTestData.SeedAsync(database, now, scanDays: 5, slotDays: 20, symbols: 10);
        await FilteredCompleteFixtures.CacheAsync(app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase(), "MARKET_OPEN", 100, now.AddMinutes(-10));
        var persisted = await app.Services.GetRequiredService<ScanPersistenceJob>().RunAsync(CancellationToken.None);
        var status = app.Services.GetRequiredService<MaintenanceStatusReader>();

        // Right after the write, before any ANALYZE: approximate_row_count would still say 0.
        var fresh = await StatusAsync(status);
        Assert.Equal(100, persisted.Inserted);
        Assert.Equal(0L, await ScanPersistenceTests.ScalarAsync(database, "SELECT approximate_row_count('scan_results')"));
        Assert.Equal(5 * 24 * 10 + 100, fresh.GetProperty("tables").GetProperty("scan_results").GetProperty("rows").GetInt64());

        foreach (var (kind, relation) in new[]
        {
            (TimescalePolicyKind.Refresh, "scan_results_1min"), (TimescalePolicyKind.Refresh, "scan_results_1hour"),
            (TimescalePolicyKind.Retention, "scan_results"), (TimescalePolicyKind.Retention, "volume_slots"),
            (TimescalePolicyKind.Compression, "scan_results"), (TimescalePolicyKind.Compression, "volume_slots"),
            (TimescalePolicyKind.Retention, "scan_results_1min"), (TimescalePolicyKind.Retention, "scan_results_1hour"),
        })
        {
            await ExecuteAsync(database, $"CALL run_job({report.Layout.ScheduledPolicy(kind, relation)!.JobId})");
        }

        var scans = await TimescaleTestData.ChunksAsync(database, "scan_results");
        var slots = await TimescaleTestData.ChunksAsync(database, "volume_slots");
        output.WriteLine($"after run_job: scan_results chunks {scans}, volume_slots chunks {slots}");
        // Retention policies drop whole chunks: what is left starts at the chunk holding the cut-off.
        Assert.Equal((4, 0), scans);
        Assert.Equal(0L, await ScanPersistenceTests.ScalarAsync(database, "SELECT count(*) FROM scan_results WHERE time < time_bucket(INTERVAL '1 day', now() - INTERVAL '3 days')"));
        Assert.Equal(0, slots.Empty);
        Assert.Equal(0L, await ScanPersistenceTests.ScalarAsync(database, "SELECT count(*) FROM volume_slots WHERE date < (now() - INTERVAL '15 days')::date"));
        Assert.Equal(5L, await ScanPersistenceTests.ScalarAsync(database, "SELECT 20 - count(DISTINCT date) FROM volume_slots"));
        // Every chunk that ended more than 2 hours ago is compressed, and only those.
        Assert.Equal(3L, await ScanPersistenceTests.ScalarAsync(database,
            "SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_name = 'scan_results' AND is_compressed AND range_end <= now() - INTERVAL '2 hours'"));
        Assert.Equal(0L, await ScanPersistenceTests.ScalarAsync(database,
            "SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_name = 'scan_results' AND is_compressed <> (range_end <= now() - INTERVAL '2 hours')"));
        // volume_slots: every day's chunk but today's and yesterday's compressed; baselines read through compression.
        Assert.Equal(2L, await ScanPersistenceTests.ScalarAsync(database,
            "SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_name = 'volume_slots' AND NOT is_compressed"));
        Assert.True(await ScanPersistenceTests.ScalarAsync(database,
            "SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_name = 'volume_slots' AND is_compressed") >= 12);
        var baselines = await app.Services.GetRequiredService<RvolBaselineJob>().RunAsync(CancellationToken.None);
        Assert.Equal((5, 10), (baselines.Days, baselines.Symbols));
        Assert.Equal("300", (string?)await app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase().HashGetAsync(RedisKeys.RvolBaseline("S3"), 191));
        // Both aggregates hold their window's buckets, equal to time_bucket over the raw rows.
        Assert.True(await ScanPersistenceTests.ScalarAsync(database, "SELECT count(*) FROM scan_results_1min") > 0);
        Assert.True(await ScanPersistenceTests.ScalarAsync(database, "SELECT count(*) FROM scan_results_1hour") >= 10 * 46);
        Assert.Equal(0L, await TimescaleTestData.DifferenceAsync(database,
            TimescaleTestData.RollupRows("scan_results_1hour", "now() - INTERVAL '47 hours'", "1 hour", "now() - INTERVAL '1 hour'"),
            TimescaleTestData.ExpectedBuckets("1 hour", "now() - INTERVAL '47 hours'", "now() - INTERVAL '1 hour'")));
        Assert.Equal(0L, await TimescaleTestData.DifferenceAsync(database,
            TimescaleTestData.RollupRows("scan_results_1min", "now() - INTERVAL '1439 minutes'", "1 minute", "now() - INTERVAL '1 minute'"),
            TimescaleTestData.ExpectedBuckets("1 minute", "now() - INTERVAL '1439 minutes'", "now() - INTERVAL '1 minute'")));

        // TimescaleDB records only its scheduler's runs, so each job is started by the scheduler too, one after the other.
        foreach (var policy in report.Layout.Policies)
        {
            await ExecuteAsync(database, $"SELECT alter_job({policy.JobId}, next_start => now())");
            await Eventually.Until(() => JobAsync(dataSource, policy.JobId), job => job.TotalRuns >= 1 && job.LastRunStatus is not null, $"a scheduled run of job {policy.JobId}");
        }
        var root = await StatusAsync(status);
        var watch = app.Services.GetRequiredService<TimescaleJobWatch>();
        await watch.SampleAsync(CancellationToken.None);

        Assert.Equal("timescaledb", root.GetProperty("mode").GetString());
        Assert.All(root.GetProperty("bounds").EnumerateObject(), bound => Assert.Equal("timescaledb", bound.Value.GetProperty("enforced_by").GetString()));
        var jobs = root.GetProperty("timescaledb").GetProperty("jobs").EnumerateArray().ToList();
        Assert.Equal(8, jobs.Count);
        Assert.All(jobs, job => Assert.Equal(("Success", 0L, JsonValueKind.Null),
            (job.GetProperty("last_run_status").GetString(), job.GetProperty("failures_since_success").GetInt64(), job.GetProperty("last_error").ValueKind)));
        Assert.Equal(HealthStatus.Healthy, (await watch.CheckHealthAsync(new HealthCheckContext())).Status);
        var tables = root.GetProperty("tables");
        foreach (var relation in TableSizeReader.Tables)
        {
            var table = tables.GetProperty(relation);
            Assert.Equal(await ScanPersistenceTests.ScalarAsync(database, $"SELECT count(*) FROM {relation}"), table.GetProperty("rows").GetInt64());
            Assert.True(table.GetProperty("rows_exact").GetBoolean());
            Assert.True(table.GetProperty("bytes").GetInt64() > 0, relation);
        }
        foreach (var rollup in StorageLayout.Rollups)
        {
            var table = tables.GetProperty(rollup);
            Assert.Equal("continuous_aggregate", table.GetProperty("kind").GetString());
            Assert.True(table.GetProperty("rows").GetInt64() > 0);
            Assert.Equal(await ScanPersistenceTests.ScalarAsync(database, $"SELECT hypertable_size('{report.Layout.ContinuousAggregates[rollup]}')"), table.GetProperty("bytes").GetInt64());
        }
        Assert.Equal(("hypertable", 4), (tables.GetProperty("scan_results").GetProperty("kind").GetString(), tables.GetProperty("scan_results").GetProperty("chunks").GetInt32()));
        Assert.Equal(await ScanPersistenceTests.ScalarAsync(database, "SELECT hypertable_size('scan_results')"), tables.GetProperty("scan_results").GetProperty("bytes").GetInt64());
        Assert.Equal(("table", await ScanPersistenceTests.ScalarAsync(database, "SELECT pg_total_relation_size('ticker_metadata')")),
            (tables.GetProperty("ticker_metadata").GetProperty("kind").GetString(), tables.GetProperty("ticker_metadata").GetProperty("bytes").GetInt64()));
    }

    [TimescaleFact(TimescaleEdition.Full)]
    public async Task A_policy_job_that_keeps_failing_turns_maintenance_health_degraded_with_the_job_and_its_error()
    {
        await using var redis = await RedisServer.CreateAsync();
        var database = await servers.CreateTimescaleDatabaseAsync(TimescaleEdition.Full);
        await using var app = await MaintenanceHost.CreateAsync(redis.ConnectionString, database, output, start: false);
        var report = await app.Services.GetRequiredService<MigrationRunner>().ApplyAsync(CancellationToken.None);
        var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();
        var retention = report.Layout.ScheduledPolicy(TimescalePolicyKind.Retention, "scan_results")!.JobId;
        // A job runs as its owner; one that may not drop the hypertable's chunks fails every run, as after a botched ownership change.
        var role = $"no_rights_{Guid.NewGuid():N}";
        await ExecuteAsync(database, $"CREATE ROLE {role} LOGIN; UPDATE _timescaledb_config.bgw_job SET owner = '{role}'::regrole WHERE id = {retention}");
        var watch = app.Services.GetRequiredService<TimescaleJobWatch>();
        var health = app.Services.GetRequiredService<HealthCheckService>();

        var healthAfter = new List<HealthReport>();
        for (var failures = 1; failures <= 3; failures++)
        {
            await ExecuteAsync(database, $"SELECT alter_job({retention}, next_start => now())");
            await Eventually.Until(() => JobAsync(dataSource, retention), job => job.FailuresSinceSuccess == failures, $"failure {failures} of job {retention}");
            await watch.SampleAsync(CancellationToken.None);
            healthAfter.Add(await health.CheckHealthAsync(check => check.Name == TimescaleJobWatch.Name));
        }
        var job = await JobAsync(dataSource, retention);
        var entry = healthAfter[^1].Entries[TimescaleJobWatch.Name];
        output.WriteLine(entry.Description);

        Assert.Equal([HealthStatus.Healthy, HealthStatus.Healthy, HealthStatus.Degraded], healthAfter.Select(r => r.Status));
        Assert.Equal(("Failed", 3L), (job.LastRunStatus, job.TotalFailures));
        Assert.Equal("must be owner of hypertable \"scan_results\"", job.LastError);
        Assert.Contains($"TimescaleDB job {retention} (policy_retention on scan_results) failed 3 times in a row", entry.Description, StringComparison.Ordinal);
        Assert.Contains("must be owner of hypertable \"scan_results\"", entry.Description, StringComparison.Ordinal);
    }

    [TimescaleFact(TimescaleEdition.Full)]
    public async Task A_paused_policy_hands_its_bound_back_to_maintenance_which_drops_chunks_and_refreshes_the_aggregate()
    {
        await using var redis = await RedisServer.CreateAsync();
        var database = await servers.CreateTimescaleDatabaseAsync(TimescaleEdition.Full);
        var now = await TimescaleTestData.ServerNowAsync(database);
        await using var app = await MaintenanceHost.CreateAsync(redis.ConnectionString, database, output, new FakeTimeProvider(now), start: false);
        var report = await app.Services.GetRequiredService<MigrationRunner>().ApplyAsync(CancellationToken.None);
        await TimescaleTestData.SeedAsync(database, now, scanDays: 6, slotDays: 3, symbols: 4);
        var scansRetention = report.Layout.ScheduledPolicy(TimescalePolicyKind.Retention, "scan_results")!.JobId;
        var hourRefresh = report.Layout.ScheduledPolicy(TimescalePolicyKind.Refresh, "scan_results_1hour")!.JobId;
        var minuteRetention = report.Layout.ScheduledPolicy(TimescalePolicyKind.Retention, "scan_results_1min")!.JobId;
        foreach (var job in new[] { scansRetention, hourRefresh, minuteRetention })
        {
            await ExecuteAsync(database, $"SELECT alter_job({job}, scheduled => false)");
        }

        var retention = await app.Services.GetRequiredService<FallbackRetentionJob>().RunAsync(CancellationToken.None);
        var rollups = await app.Services.GetRequiredService<FallbackRollupJob>().RunAsync(CancellationToken.None);
        var root = await StatusAsync(app.Services.GetRequiredService<MaintenanceStatusReader>());
        output.WriteLine($"retention: {retention}; rollups: {rollups}");

        Assert.Equal("timescaledb-apache", root.GetProperty("mode").GetString());
        Assert.True(root.GetProperty("timescaledb").GetProperty("upgrade_pending").GetBoolean());
        var bounds = root.GetProperty("bounds");
        Assert.Equal(["maintenance", "maintenance", "maintenance", "timescaledb"],
            new[] { "scan_results retention 3 days", "scan_results_1hour refresh", "scan_results_1min retention 30 days", "volume_slots retention 14 days" }
                .Select(bound => bounds.GetProperty(bound).GetProperty("enforced_by").GetString()));
        // scan_results: the chunks wholly older than 3 days dropped, the boundary chunk trimmed to the cut-off.
        var scans = retention.Outcome(RetentionBound.ScanResults);
        Assert.Null(scans.PolicyJobId);
        Assert.True(scans.ChunksDropped >= 2, scans.ToString());
        Assert.Equal(0L, await ScanPersistenceTests.ScalarAsync(database, $"SELECT count(*) FROM scan_results WHERE time < '{now.AddDays(-3):O}'::timestamptz"));
        Assert.Equal(0, (await TimescaleTestData.ChunksAsync(database, "scan_results")).Empty);
        Assert.Equal(report.Layout.ScheduledPolicy(TimescalePolicyKind.Retention, "volume_slots")!.JobId, retention.Outcome(RetentionBound.VolumeSlots).PolicyJobId);
        // The 1-minute aggregate's retention runs as drop_chunks on the aggregate (nothing is that old yet).
        Assert.Equal((null, 0, 0L), (retention.Outcome(RetentionBound.OneMinuteRollup).PolicyJobId, retention.Outcome(RetentionBound.OneMinuteRollup).ChunksDropped, retention.Outcome(RetentionBound.OneMinuteRollup).RowsDeleted));
        // The 1-hour aggregate is refreshed by Maintenance over its 2-day window; the 1-minute one stays its policy's.
        Assert.Equal((null, -1), (rollups.OneHour.PolicyJobId, rollups.OneHour.Buckets));
        Assert.Equal(report.Layout.ScheduledPolicy(TimescalePolicyKind.Refresh, "scan_results_1min")!.JobId, rollups.OneMinute.PolicyJobId);
        // Compared over the whole buckets inside the window, up to the still-open one.
        var since = $"'{now.AddDays(-2).AddHours(1):O}'::timestamptz";
        var until = $"'{now:O}'::timestamptz";
        Assert.Equal(4L * 47, await ScanPersistenceTests.ScalarAsync(database, $"SELECT count(*) FROM ({TimescaleTestData.RollupRows("scan_results_1hour", since, "1 hour", until)}) r"));
        Assert.Equal(0L, await TimescaleTestData.DifferenceAsync(database,
            TimescaleTestData.RollupRows("scan_results_1hour", since, "1 hour", until),
            TimescaleTestData.ExpectedBuckets("1 hour", since, until)));
    }

    private static async Task<TimescaleJobStatus> JobAsync(NpgsqlDataSource dataSource, int jobId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var layout = await StorageLayoutReader.ReadAsync(connection, CancellationToken.None);
        return (await TimescaleJobReader.ReadAsync(connection, layout, CancellationToken.None)).Single(job => job.JobId == jobId);
    }

    private static async Task<List<DateTime>> InitialStartsAsync(NpgsqlDataSource database)
    {
        await using var command = database.CreateCommand(
            "SELECT initial_start FROM timescaledb_information.jobs WHERE hypertable_schema = current_schema() AND proc_name LIKE 'policy_%' ORDER BY initial_start");
        var starts = new List<DateTime>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            starts.Add(reader.GetDateTime(0));
        }
        return starts;
    }

    private static async Task<JsonElement> StatusAsync(MaintenanceStatusReader status)
    {
        using var document = JsonDocument.Parse(JsonSerializer.Serialize(await status.ReadAsync(CancellationToken.None)));
        return document.RootElement.Clone();
    }

    private static async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await ExecuteAsync(connection, sql);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
