using System.Globalization;
using System.Text.Json.Serialization;
using Npgsql;

namespace Tradeul.Maintenance.Storage;

/// <summary>Rows and bytes of one of Tradeul's relations, for <c>GET /api/maintenance/status</c>.</summary>
/// <param name="Kind"><c>table</c>, <c>hypertable</c> or <c>continuous_aggregate</c>.</param>
/// <param name="Rows">Row count: exact (<paramref name="RowsExact"/>) unless an analyzed estimate says at least <see cref="TableSizeReader.ExactCountLimit"/>.</param>
/// <param name="Bytes">Bytes on disk, indexes and TOAST included: <c>pg_total_relation_size</c> for a table, <c>hypertable_size</c> (every chunk, compressed ones too) for a hypertable, and that of the materialization hypertable for a continuous aggregate.</param>
/// <param name="Chunks">Chunks of a hypertable or of a continuous aggregate's materialization hypertable; null for a plain table.</param>
public sealed record TableSize(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("rows")] long Rows,
    [property: JsonPropertyName("rows_exact")] bool RowsExact,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("chunks")] int? Chunks);

/// <summary>
/// Reads <see cref="TableSize"/>s. A count must be right right after a write, and the planner's statistics
/// (<c>reltuples</c>, <c>approximate_row_count</c>) read 0 or -1 until ANALYZE runs; so rows are counted exactly
/// (<c>count(*)</c>) unless the relation's analyzed estimate is at least <see cref="ExactCountLimit"/> rows, where
/// a full count would cost seconds on every status read and the estimate (from the last ANALYZE, so it may lag
/// recent writes) is reported with <c>rows_exact: false</c>. A continuous aggregate is read through its
/// materialization hypertable, where its rows and chunks are (its view has no storage of its own).
/// </summary>
public static class TableSizeReader
{
    /// <summary>Estimated rows from which the estimate is reported instead of a count.</summary>
    public const long ExactCountLimit = 1_000_000;

    /// <summary>Every table Tradeul's migrations create, DbUp's journal included.</summary>
    public static IReadOnlyList<string> Tables { get; } =
        ["scan_results", "volume_slots", "volume_slots_today", "ticker_metadata", "scan_results_1min", "scan_results_1hour", "schemaversions"];

    /// <summary>Sizes of the <see cref="Tables"/> that exist, by name.</summary>
    /// <exception cref="NpgsqlException">The database could not be read.</exception>
    public static async Task<Dictionary<string, TableSize>> ReadAsync(NpgsqlConnection connection, StorageLayout layout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(layout);
        var sizes = new Dictionary<string, TableSize>(StringComparer.Ordinal);
        foreach (var table in Tables)
        {
            var (kind, target) = layout.ContinuousAggregates.TryGetValue(table, out var materialization) ? ("continuous_aggregate", materialization)
                : layout.IsHypertable(table) ? ("hypertable", table)
                : ("table", table);
            var chunked = kind != "table";
            // The chunked form needs TimescaleDB's functions, which only exist where the extension is created.
            var sql = chunked
                ? "SELECT approximate_row_count($1::regclass), coalesce(hypertable_size($1::regclass), 0), (SELECT count(*) FROM show_chunks($1::regclass))::int"
                : "SELECT c.reltuples::bigint, pg_total_relation_size(c.oid), NULL::int FROM pg_class c WHERE c.oid = to_regclass($1)";
            long estimate;
            long bytes;
            int? chunks;
            await using (var command = new NpgsqlCommand(sql, connection))
            {
                command.Parameters.Add(new NpgsqlParameter { Value = target });
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    continue; // not created (yet) in this database
                }
                estimate = reader.IsDBNull(0) ? -1 : Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture);
                bytes = Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
                chunks = reader.IsDBNull(2) ? null : reader.GetInt32(2);
            }
            var exact = estimate < ExactCountLimit;
            var rows = exact ? await CountAsync(connection, target, cancellationToken).ConfigureAwait(false) : estimate;
            sizes[table] = new TableSize(kind, rows, exact, bytes, chunks);
        }
        return sizes;
    }

    /// <param name="target">A name from <see cref="Tables"/>, or a materialization hypertable's name as the catalog quoted it.</param>
    private static async Task<long> CountAsync(NpgsqlConnection connection, string target, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {target}", connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
