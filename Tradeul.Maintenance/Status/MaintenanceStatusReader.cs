using System.Globalization;
using Npgsql;
using StackExchange.Redis;
using Tradeul.Maintenance.Jobs;
using Tradeul.Maintenance.Migrations;
using Tradeul.Maintenance.Watchdog;
using Tradeul.Shared.Redis;
using Tradeul.Shared.Streams;

namespace Tradeul.Maintenance.Status;

/// <summary>Gathers <c>GET /api/maintenance/status</c>. Each part that cannot be read says why instead of failing the whole answer.</summary>
public sealed class MaintenanceStatusReader(
    NpgsqlDataSource database,
    IConnectionMultiplexer redis,
    MigrationRunner migrations,
    StorageState storage,
    JobBoard jobs,
    RedisMemoryWatch memory,
    StreamLimits streams)
{
    private static readonly string[] Tables = ["scan_results", "volume_slots", "ticker_metadata", "scan_results_1min", "scan_results_1hour"];
    private static readonly string[] Hypertables = ["scan_results", "volume_slots"];

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
            status["tables"] = await ReadTablesAsync(cancellationToken).ConfigureAwait(false);
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

    private async Task<Dictionary<string, object>> ReadTablesAsync(CancellationToken cancellationToken)
    {
        var tables = new Dictionary<string, object>(StringComparer.Ordinal);
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var table in Tables)
        {
            // TimescaleDB keeps a hypertable's rows in chunks, so the parent's own statistics are empty.
            var sql = storage.Mode is StorageMode.TimescaleDb or StorageMode.TimescaleDbApache && Hypertables.Contains(table)
                ? "SELECT approximate_row_count($1::regclass), hypertable_size($1::regclass)"
                : "SELECT GREATEST(c.reltuples, 0)::bigint, pg_total_relation_size(c.oid) FROM pg_class c WHERE c.oid = to_regclass($1)";
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.Add(new NpgsqlParameter { Value = table });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false) && !reader.IsDBNull(0))
            {
                tables[table] = new
                {
                    rows = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture),
                    bytes = reader.IsDBNull(1) ? 0 : Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture),
                };
            }
        }
        return tables;
    }
}
