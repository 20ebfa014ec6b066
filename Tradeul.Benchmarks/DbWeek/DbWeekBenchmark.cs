using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Tradeul.Benchmarks.Soak;
using Tradeul.Maintenance;
using Tradeul.Ingest.Simulated;
using Tradeul.Maintenance.Jobs;
using Tradeul.Maintenance.Migrations;
using Tradeul.Maintenance.Storage;
using Tradeul.Shared.Market;
using Tradeul.Tests.Infrastructure;

namespace Tradeul.Benchmarks.DbWeek;

/// <summary>
/// The cold path at real row rates over simulated weeks, once per storage mode, each on its own local PostgreSQL
/// (plain; TimescaleDB's full edition and its Apache edition where TimescaleDB is installed): Redis holds what Ingest
/// and the Scanner leave there at production rates (<see cref="ColdPathFeed"/>), and Maintenance, wired as its
/// service wires it, runs its jobs at their production intervals
/// on a fake clock, around the clock, weekends included: volume slots every 5 min, scan persistence every hour,
/// rollups every 5 min and retention every 15 min (hourly outside trading days' 04:00-21:00, when nothing new
/// arrives), RVOL baselines daily at 03:00 New York time; on the full edition TimescaleDB's policy
/// jobs run on the same clock (<see cref="TimescalePolicyReplay"/>). After each trading day's night it prints the
/// database size, <c>volume_slots</c>' size and the slowest retention run of the day; at the end one JSON line per mode:
/// <c>{"scenario":"db-week","days","mode","tickers","db_mb_max","db_mb_last","growth_mb_per_day_last_week","retention_ms_max",...}</c>.
/// Sizes are <c>pg_database_size</c> (tables, indexes, TOAST, free space inside files; not WAL) in MB of 2^20 bytes.
/// </summary>
internal static class DbWeekBenchmark
{
    private static readonly string[] AllModes = ["postgresql", "timescaledb", "timescaledb-apache"];

    public static async Task<int> RunAsync(CommandLine options)
    {
        var tickers = options.Int("tickers", 12_000);
        var days = options.Int("days", 21);
        var modes = options.Text("modes", "postgresql,timescaledb").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (modes.FirstOrDefault(mode => !AllModes.Contains(mode)) is { } unknown)
        {
            throw new ArgumentException($"--modes takes {string.Join(", ", AllModes)} (was '{unknown}').");
        }
        foreach (var mode in modes)
        {
            var report = await RunModeAsync(mode, tickers, days);
            if (report is not null)
            {
                Console.WriteLine(JsonSerializer.Serialize(report));
            }
        }
        return 0;
    }

    private static async Task<Dictionary<string, object?>?> RunModeAsync(string mode, int tickers, int tradingDays)
    {
        // A Monday in the future: TimescaleDB's own scheduler, were it to run a job, would find nothing old enough.
        var firstDay = new DateOnly(2027, 3, 1);
        var start = SimulatedClock.NewYorkTime(firstDay, new TimeOnly(3, 0));
        var clock = Stopwatch.StartNew();
        TimescaleEdition? edition = mode switch { "timescaledb" => TimescaleEdition.Full, "timescaledb-apache" => TimescaleEdition.Apache, _ => null };
        Console.Error.WriteLine($"db-week {mode}: starting redis-server and PostgreSQL...");
        await using var redis = await RedisServer.CreateAsync("--maxmemory", "4gb", "--maxmemory-policy", "noeviction");
        PostgresServer postgres;
        try
        {
            postgres = await PostgresServer.CreateAsync(edition);
        }
        catch (InvalidOperationException error) when (edition is not null)
        {
            Console.Error.WriteLine($"db-week {mode}: skipped, PostgreSQL would not start with TimescaleDB preloaded (not installed?): {error.Message.Split('\n')[0]}");
            return null;
        }
        await using var server = postgres;
        var time = new FakeTimeProvider(start.ToUniversalTime());
        using var maintenance = ManagedPlatform.Build(new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = redis.ConnectionString,
            ["ConnectionStrings:tradeul"] = postgres.ConnectionString(),
            ["Maintenance:ApiKey"] = "db-week-only-key-not-a-secret",
        }, time, builder => builder.AddMaintenanceServices());
        var services = maintenance.Services;
        await services.GetRequiredService<MigrationRunner>().ApplyAsync(CancellationToken.None);
        var database = services.GetRequiredService<NpgsqlDataSource>();
        var feed = new ColdPathFeed(services.GetRequiredService<IConnectionMultiplexer>().GetDatabase(), tickers);
        var topRows = services.GetRequiredService<IOptions<MaintenanceOptions>>().Value.PersistenceTopN;
        var layout = await StorageLayoutReader.ReadAsync(database, CancellationToken.None);
        if (layout.Mode.ToKey() != mode)
        {
            Console.Error.WriteLine($"db-week {mode}: skipped, the database migrated into mode {layout.Mode.ToKey()}");
            return null;
        }
        var policies = layout.Mode == StorageMode.TimescaleDb ? await TimescalePolicyReplay.CreateAsync(database, start) : null;
        Console.Error.WriteLine($"db-week {mode}: {tickers} tickers, {tradingDays} trading days from {firstDay:yyyy-MM-dd}; TimescaleDB {layout.ExtensionVersion ?? "absent"}, {policies?.Count ?? 0} policy jobs on the simulated clock");

        var recorder = services.GetRequiredService<VolumeSlotRecorder>();
        var persistence = services.GetRequiredService<ScanPersistenceJob>();
        var rollups = services.GetRequiredService<FallbackRollupJob>();
        var retention = services.GetRequiredService<FallbackRetentionJob>();
        var baselines = services.GetRequiredService<RvolBaselineJob>();
        var step = TimeSpan.FromMinutes(5);
        var samples = new List<DaySample>();
        var retentionMs = new List<double>();
        var persistenceMissed = 0;
        var date = firstDay;
        var simulated = 0;
        while (simulated < tradingDays)
        {
            var trading = MarketCalendar.IsTradingDay(date);
            feed.StartDay(date);
            var dayRetentionMs = new List<double>();
            var recordedRows = 0L;
            // 03:00 to 03:00 New York time: the RVOL baselines of the day at 03:00, the extended session 04:00-20:00, the night.
            // Up to the next day's 03:00, not 24 hours: a daylight-saving change makes that day 23 or 25 hours long.
            var dayStart = SimulatedClock.NewYorkTime(date, new TimeOnly(3, 0));
            var nextDayStart = SimulatedClock.NewYorkTime(date.AddDays(1), new TimeOnly(3, 0));
            for (var now = dayStart; now < nextDayStart; now += step)
            {
                time.SetUtcNow(now.ToUniversalTime());
                if (now == dayStart)
                {
                    await baselines.RunAsync(CancellationToken.None);
                }
                var session = MarketCalendar.SessionAt(now);
                if (trading && session != MarketSession.Closed)
                {
                    // A reading near the slot's end, as Maintenance's 5-minute loop takes one somewhere in each slot.
                    var asOf = now.AddMinutes(4).AddSeconds(55);
                    time.SetUtcNow(asOf.ToUniversalTime());
                    await feed.AddSnapshotAsync(asOf);
                    recordedRows += (await recorder.RunAsync(CancellationToken.None)).Rows;
                    if (now.Minute == 55)
                    {
                        await feed.CacheTopRowsAsync(asOf, session, topRows);
                    }
                }
                if (now.Minute == 0)
                {
                    try
                    {
                        await persistence.RunAsync(CancellationToken.None);
                    }
                    catch (JobInputMissingException)
                    {
                        // 04:00: the session's first top rows are cached at 04:55. The job board records such a run as missed.
                        persistenceMissed++;
                    }
                }
                // Outside the extended session nothing new arrives: the two jobs run hourly there instead of every 5 and 15 minutes.
                var busy = trading && now.TimeOfDay >= TimeSpan.FromHours(4) && now.TimeOfDay <= TimeSpan.FromHours(21);
                if (busy || now.Minute == 0)
                {
                    await rollups.RunAsync(CancellationToken.None);
                }
                if (busy ? now.Minute % 15 == 0 : now.Minute == 0)
                {
                    var started = Stopwatch.GetTimestamp();
                    await retention.RunAsync(CancellationToken.None);
                    dayRetentionMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                if (policies is not null)
                {
                    dayRetentionMs.AddRange(await policies.RunDueAsync(now));
                }
            }
            retentionMs.AddRange(dayRetentionMs);
            if (trading)
            {
                simulated++;
                var sample = await SampleAsync(database, simulated, date, dayRetentionMs.DefaultIfEmpty(0).Max(), recordedRows);
                samples.Add(sample);
                Console.Error.WriteLine(FormattableString.Invariant(
                    $"db-week {mode}: day {simulated,2}/{tradingDays} {date:yyyy-MM-dd}: database {sample.DatabaseMb,7:F1} MB, volume_slots {sample.VolumeSlotsMb,7:F1} MB, volume_slots_today {sample.TodayMb,6:F1} MB, scan_results {sample.ScanResultsMb,5:F1} MB, rollups {sample.RollupsMb,5:F1} MB; retention max {sample.RetentionMsMax,6:F0} ms; {recordedRows} slot rows written; {clock.Elapsed.TotalSeconds:F0} s"));
            }
            date = date.AddDays(1);
        }

        var lastWeek = samples.TakeLast(5).ToList();
        var growth = LeastSquares.Slope(lastWeek.Select(s => ((double)s.CalendarDay, s.DatabaseMb)).ToList());
        var last = samples[^1];
        var tables = await TablesAsync(database);
        Console.Error.WriteLine($"db-week {mode}: done in {clock.Elapsed.TotalSeconds:F0} s");
        return new Dictionary<string, object?>
        {
            ["scenario"] = "db-week",
            ["days"] = tradingDays,
            ["mode"] = mode,
            ["tickers"] = tickers,
            ["db_mb_max"] = Math.Round(samples.Max(s => s.DatabaseMb), 1),
            ["db_mb_last"] = Math.Round(last.DatabaseMb, 1),
            ["growth_mb_per_day_last_week"] = Math.Round(growth, 2),
            ["growth_percent_per_day_last_week"] = Math.Round(growth / last.DatabaseMb * 100, 2),
            ["retention_ms_max"] = Math.Round(retentionMs.DefaultIfEmpty(0).Max(), 1),
            ["volume_slots_mb_last"] = Math.Round(last.VolumeSlotsMb, 1),
            ["volume_slots_today_mb_last"] = Math.Round(last.TodayMb, 1),
            ["scan_persistence_runs_without_input"] = persistenceMissed,
            ["tables_mb_last"] = tables,
            ["timescaledb"] = (await StorageLayoutReader.ReadAsync(database, CancellationToken.None)).ExtensionVersion,
        };
    }

    private sealed record DaySample(int TradingDay, int CalendarDay, double DatabaseMb, double VolumeSlotsMb, double TodayMb, double ScanResultsMb, double RollupsMb, double RetentionMsMax);

    private static async Task<DaySample> SampleAsync(NpgsqlDataSource database, int tradingDay, DateOnly date, double retentionMsMax, long recordedRows)
    {
        var tables = await TablesAsync(database);
        await using var command = database.CreateCommand("SELECT pg_database_size(current_database())");
        var bytes = (long)(await command.ExecuteScalarAsync())!;
        return new DaySample(tradingDay, date.DayNumber, bytes / 1048576.0, tables.GetValueOrDefault("volume_slots"), tables.GetValueOrDefault("volume_slots_today"), tables.GetValueOrDefault("scan_results"),
            tables.GetValueOrDefault("scan_results_1min") + tables.GetValueOrDefault("scan_results_1hour"), retentionMsMax);
    }

    /// <summary>MB of each of Tradeul's tables, as <c>GET /api/maintenance/status</c> reports them (hypertables with every chunk, compressed ones too).</summary>
    private static async Task<SortedDictionary<string, double>> TablesAsync(NpgsqlDataSource database)
    {
        await using var connection = await database.OpenConnectionAsync();
        var layout = await StorageLayoutReader.ReadAsync(connection, CancellationToken.None);
        var sizes = await TableSizeReader.ReadAsync(connection, layout, CancellationToken.None);
        return new SortedDictionary<string, double>(sizes.ToDictionary(s => s.Key, s => Math.Round(s.Value.Bytes / 1048576.0, 1)), StringComparer.Ordinal);
    }
}
