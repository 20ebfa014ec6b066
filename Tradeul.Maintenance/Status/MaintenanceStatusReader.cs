using Npgsql;
using StackExchange.Redis;
using Tradeul.Maintenance.Jobs;
using Tradeul.Maintenance.Migrations;
using Tradeul.Maintenance.Storage;
using Tradeul.Maintenance.Watchdog;
using Tradeul.Shared.Redis;
using Tradeul.Shared.Streams;

namespace Tradeul.Maintenance.Status;

/// <summary>
/// Gathers <c>GET /api/maintenance/status</c>. Each part that cannot be read says why instead of failing the whole
/// answer. The storage part is read fresh on each call: <c>mode</c> from the objects the database holds,
/// <c>bounds</c> saying who enforces each retention and rollup (a scheduled TimescaleDB policy, by job id, or
/// Maintenance), <c>tables</c> with true row counts and bytes (see <see cref="TableSizeReader"/>), and
/// <c>timescaledb</c> with the extension, whether <c>migrate</c> would upgrade the database, and each policy
/// job's last run, outcome, failures and last error.
/// </summary>
public sealed class MaintenanceStatusReader(
    NpgsqlDataSource database,
    IConnectionMultiplexer redis,
    MigrationRunner migrations,
    StorageState storage,
    JobBoard jobs,
    RedisMemoryWatch memory,
    StreamLimits streams)
{
    public async Task<Dictionary<string, object?>> ReadAsync(CancellationToken cancellationToken)
    {
        var status = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["mode"] = storage.Mode?.ToKey(),
        };
        try
        {
            var migration = await migrations.StatusAsync(cancellationToken).ConfigureAwait(false);
            status["migrations"] = new { applied = migration.Applied, pending = migration.Pending };
            await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            var layout = await StorageLayoutReader.ReadAsync(connection, cancellationToken).ConfigureAwait(false);
            storage.Layout = layout;
            status["mode"] = layout.Mode.ToKey();
            status["bounds"] = Bounds(layout);
            status["tables"] = await TableSizeReader.ReadAsync(connection, layout, cancellationToken).ConfigureAwait(false);
            status["timescaledb"] = new
            {
                extension_version = layout.ExtensionVersion,
                license = layout.License,
                upgrade_pending = layout.UpgradePending,
                jobs = await TimescaleJobReader.ReadAsync(connection, layout, cancellationToken).ConfigureAwait(false),
            };
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            status["postgres_error"] = ex.Message;
        }
        status["jobs"] = jobs.All;
        try
        {
            var redisDb = redis.GetDatabase();
            var sample = await memory.SampleAsync(cancellationToken).ConfigureAwait(false);
            var lengths = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (var stream in streams.TrimmedStreams)
            {
                lengths[stream] = await redisDb.StreamLengthAsync(stream).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            status["redis"] = new { used_memory = sample.UsedMemory, maxmemory = sample.MaxMemory, streams = lengths };
            var last = await redisDb.StringGetAsync(RedisKeys.LastScanPersistence).WaitAsync(cancellationToken).ConfigureAwait(false);
            status["last_scan_persistence"] = last.IsNull ? null : (string?)last;
        }
        catch (Exception ex) when (ex is RedisException or RedisCommandException or TimeoutException)
        {
            status["redis_error"] = ex.Message;
        }
        return status;
    }

    /// <summary>Each retention and rollup bound: <c>{"enforced_by": "timescaledb", "job_id": N}</c> or <c>{"enforced_by": "maintenance"}</c>.</summary>
    private static SortedDictionary<string, object> Bounds(StorageLayout layout)
    {
        var bounds = new SortedDictionary<string, object>(StringComparer.Ordinal);
        foreach (var bound in RetentionBound.All)
        {
            bounds[$"{bound.Relation} retention {(int)bound.Window.TotalDays} days"] =
                Enforcer(layout.ScheduledPolicy(TimescalePolicyKind.Retention, bound.Relation));
        }
        foreach (var rollup in StorageLayout.Rollups)
        {
            bounds[$"{rollup} refresh"] = Enforcer(layout.PolicyRefreshes(rollup) ? layout.ScheduledPolicy(TimescalePolicyKind.Refresh, rollup) : null);
        }
        return bounds;
    }

    private static object Enforcer(TimescalePolicy? policy) => policy is null
        ? new { enforced_by = "maintenance" }
        : new { enforced_by = "timescaledb", job_id = (int?)policy.JobId };
}
