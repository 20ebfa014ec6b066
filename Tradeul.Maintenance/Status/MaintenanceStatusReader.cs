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
/// Reads <see cref="MaintenanceStatus"/> afresh: the migration journal, the storage layout, true row counts and
/// bytes (see <see cref="TableSizeReader"/>), TimescaleDB's policy jobs, Redis memory (INFO) and stream lengths.
/// That costs up to six <c>count(*)</c> queries plus catalog queries, so the endpoint serves it through
/// <see cref="MaintenanceStatusSnapshot"/>. Each part that cannot be read says why (without connection details)
/// instead of failing the whole answer. <c>mode</c> comes from the objects the database holds; <c>bounds</c>
/// say who enforces each retention and rollup (a scheduled TimescaleDB policy, by job id, or Maintenance).
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
    public async Task<MaintenanceStatus> ReadAsync(CancellationToken cancellationToken)
    {
        var status = new MaintenanceStatus { Mode = storage.Mode?.ToKey(), Jobs = jobs.All };
        try
        {
            var migration = await migrations.StatusAsync(cancellationToken).ConfigureAwait(false);
            await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            var layout = await StorageLayoutReader.ReadAsync(connection, cancellationToken).ConfigureAwait(false);
            storage.Layout = layout;
            status = status with
            {
                Mode = layout.Mode.ToKey(),
                Migrations = new MigrationCounts(migration.Applied, migration.Pending),
                Bounds = Bounds(layout),
                Tables = await TableSizeReader.ReadAsync(connection, layout, cancellationToken).ConfigureAwait(false),
                TimescaleDb = new TimescaleStatus(layout.ExtensionVersion, layout.License, layout.UpgradePending,
                    await TimescaleJobReader.ReadAsync(connection, layout, cancellationToken).ConfigureAwait(false)),
            };
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            status = status with { PostgresError = SafeErrorText.Of(ex) };
        }
        try
        {
            var redisDb = redis.GetDatabase();
            var sample = await memory.SampleAsync(cancellationToken).ConfigureAwait(false);
            var lengths = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (var stream in streams.TrimmedStreams)
            {
                lengths[stream] = await redisDb.StreamLengthAsync(stream).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            var last = await redisDb.StringGetAsync(RedisKeys.LastScanPersistence).WaitAsync(cancellationToken).ConfigureAwait(false);
            status = status with
            {
                Redis = new RedisStatus(sample.UsedMemory, sample.MaxMemory, lengths),
                LastScanPersistence = last.IsNull ? null : (string?)last,
            };
        }
        catch (Exception ex) when (ex is RedisException or RedisCommandException or TimeoutException)
        {
            status = status with { RedisError = SafeErrorText.Of(ex) };
        }
        return status;
    }

    private static SortedDictionary<string, BoundEnforcer> Bounds(StorageLayout layout)
    {
        var bounds = new SortedDictionary<string, BoundEnforcer>(StringComparer.Ordinal);
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

    private static BoundEnforcer Enforcer(TimescalePolicy? policy) =>
        policy is null ? new BoundEnforcer("maintenance", null) : new BoundEnforcer("timescaledb", policy.JobId);
}
