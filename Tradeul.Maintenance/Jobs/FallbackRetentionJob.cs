using System.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Tradeul.Maintenance.Storage;

namespace Tradeul.Maintenance.Jobs;

/// <summary>What retention did to one relation.</summary>
/// <param name="PolicyJobId">The TimescaleDB retention policy that enforces this bound instead; Maintenance did nothing to it. Null when Maintenance enforced it.</param>
/// <param name="ChunksDropped">Whole chunks removed with <c>drop_chunks</c> (hypertables and continuous aggregates).</param>
/// <param name="RowsDeleted">Rows deleted one by one: the whole table when it is plain, only the boundary chunk of a hypertable.</param>
/// <param name="Batches">DELETE statements it took (each at most <see cref="MaintenanceOptions.RetentionBatchRows"/> rows, but one whole compressed boundary chunk).</param>
public sealed record RetentionOutcome(string Relation, int? PolicyJobId, int ChunksDropped, long RowsDeleted, int Batches = 0)
{
    public override string ToString() => PolicyJobId is { } job
        ? $"{Relation}: TimescaleDB policy job {job}"
        : $"{Relation}: {ChunksDropped} chunks dropped, {RowsDeleted} rows deleted in {Batches} batches";
}

/// <summary>One outcome per <see cref="RetentionBound"/>, in <see cref="RetentionBound.All"/> order.</summary>
public sealed record RetentionResult(IReadOnlyList<RetentionOutcome> Bounds)
{
    public long ScanResults => Outcome(RetentionBound.ScanResults).RowsDeleted;
    public long VolumeSlots => Outcome(RetentionBound.VolumeSlots).RowsDeleted;

    public RetentionOutcome Outcome(RetentionBound bound) =>
        Bounds.First(outcome => string.Equals(outcome.Relation, bound.Relation, StringComparison.Ordinal));

    public override string ToString() => string.Join("; ", Bounds);
}

/// <summary>
/// Keeps every <see cref="RetentionBound"/> that no scheduled TimescaleDB retention policy enforces, decided
/// bound by bound from the layout read at each run (so a database upgraded while Maintenance runs hands its
/// bounds over at the next run, and one whose policy is paused gets Maintenance back). On a hypertable or a
/// continuous aggregate, whole expired chunks go with <c>drop_chunks</c> (Apache-licensed, so the Apache
/// edition has it), which leaves no empty chunk behind; only the boundary chunk, which holds rows on both
/// sides of the cut-off, is then trimmed. A plain table is trimmed alone. A continuous aggregate's rows cannot
/// be deleted (it is a view), so it keeps up to one chunk beyond its window, exactly as TimescaleDB's own
/// policy would. The cut-off comes from the injected clock.
/// </summary>
/// <remarks>
/// Trimming deletes in batches of at most <see cref="MaintenanceOptions.RetentionBatchRows"/> rows, each its own
/// statement (so its own transaction) under the command timeout, until no older row is left: however far
/// behind retention is, no statement grows with the backlog, and a stop between batches keeps what was done.
/// A compressed boundary chunk is the exception: its rows go in one DELETE through the hypertable (compressed
/// rows have no row address to batch on), bounded by the one chunk. A table rows were deleted from is then
/// vacuumed (plain <c>VACUUM</c>: no lock that blocks reads or writes), so its freed pages take the next
/// rows at once instead of after autovacuum's threshold (20 % of the table dead): that is what keeps a plain
/// table at a plateau.
/// </remarks>
public sealed partial class FallbackRetentionJob(
    NpgsqlDataSource database,
    TimeProvider time,
    StorageState storage,
    IOptions<MaintenanceOptions> options,
    ILogger<FallbackRetentionJob> logger)
{
    public const string Name = "retention";
    public static TimeSpan ScanResultsWindow => RetentionBound.ScanResults.Window;

    /// <summary>A VACUUM after a large delete may take longer than a batch's command timeout; it blocks no reader or writer.</summary>
    private static readonly TimeSpan VacuumTimeout = TimeSpan.FromMinutes(10);

    /// <exception cref="NpgsqlException">The database refused a statement; the bounds and batches before it were kept.</exception>
    public async Task<RetentionResult> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var layout = await StorageLayoutReader.ReadAsync(connection, cancellationToken).ConfigureAwait(false);
        storage.Layout = layout;
        var outcomes = new List<RetentionOutcome>(RetentionBound.All.Count);
        foreach (var bound in RetentionBound.All)
        {
            if (layout.ScheduledPolicy(TimescalePolicyKind.Retention, bound.Relation) is { } policy)
            {
                outcomes.Add(new RetentionOutcome(bound.Relation, policy.JobId, 0, 0));
                continue;
            }
            var cutoff = bound.CutoffAt(now);
            var chunks = 0;
            (long Rows, int Batches) trimmed = (0, 0);
            if (layout.IsContinuousAggregate(bound.Relation))
            {
                chunks = await DropChunksAsync(connection, bound, cutoff, cancellationToken).ConfigureAwait(false);
            }
            else if (layout.IsHypertable(bound.Relation))
            {
                chunks = await DropChunksAsync(connection, bound, cutoff, cancellationToken).ConfigureAwait(false);
                foreach (var (chunk, compressed) in await BoundaryChunksAsync(connection, bound, cutoff, cancellationToken).ConfigureAwait(false))
                {
                    var (rows, batches) = compressed
                        ? (await DeleteAsync(connection, bound.Relation, bound, cutoff, cancellationToken).ConfigureAwait(false), 1)
                        : await DeleteInBatchesAsync(connection, chunk, bound, cutoff, cancellationToken).ConfigureAwait(false);
                    trimmed = (trimmed.Rows + rows, trimmed.Batches + batches);
                }
            }
            else
            {
                trimmed = await DeleteInBatchesAsync(connection, bound.Relation, bound, cutoff, cancellationToken).ConfigureAwait(false);
            }
            outcomes.Add(new RetentionOutcome(bound.Relation, null, chunks, trimmed.Rows, trimmed.Batches));
        }
        return new RetentionResult(outcomes);
    }

    private static async Task<int> DropChunksAsync(NpgsqlConnection connection, RetentionBound bound, object cutoff, CancellationToken cancellationToken)
    {
        // drop_chunks returns one row per dropped chunk; older_than takes the time column's own type.
        await using var command = new NpgsqlCommand("SELECT count(*) FROM drop_chunks($1::regclass, older_than => $2)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = bound.Relation });
        command.Parameters.Add(Cutoff(bound, cutoff));
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The chunks that still hold rows older than the cut-off after <c>drop_chunks</c> (the one straddling it), as quoted names, and whether each is compressed.</summary>
    private static async Task<List<(string Chunk, bool Compressed)>> BoundaryChunksAsync(NpgsqlConnection connection, RetentionBound bound, object cutoff, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT format('%I.%I', chunk_schema, chunk_name), is_compressed
            FROM timescaledb_information.chunks
            WHERE hypertable_schema = current_schema() AND hypertable_name = $1
              AND format('%I.%I', chunk_schema, chunk_name)::regclass NOT IN (SELECT show_chunks($1::regclass, newer_than => $2))
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = bound.Relation });
        command.Parameters.Add(Cutoff(bound, cutoff));
        var chunks = new List<(string, bool)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            chunks.Add((reader.GetString(0), reader.GetBoolean(1)));
        }
        return chunks;
    }

    /// <param name="table">The bound's own table, or one of its chunks as the catalog quoted it: never input.</param>
    private async Task<(long Rows, int Batches)> DeleteInBatchesAsync(NpgsqlConnection connection, string table, RetentionBound bound, object cutoff, CancellationToken cancellationToken)
    {
        var batchRows = options.Value.RetentionBatchRows;
        var started = Stopwatch.GetTimestamp();
        long rows = 0;
        var batches = 0;
        // Row addresses of one batch, found through the time column's index; ctid = ANY(ARRAY(...)) reads them
        // by address (a TID scan) where ctid IN (SELECT ...) would scan the whole table for every batch.
        await using var command = new NpgsqlCommand(
            $"DELETE FROM {table} WHERE ctid = ANY (ARRAY(SELECT ctid FROM {table} WHERE {bound.TimeColumn} < $1 LIMIT $2))", connection);
        command.Parameters.Add(Cutoff(bound, cutoff));
        command.Parameters.Add(new NpgsqlParameter { Value = batchRows, NpgsqlDbType = NpgsqlDbType.Integer });
        while (true)
        {
            var deleted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            batches++;
            rows += deleted;
            if (deleted > 0)
            {
                LogBatch(logger, table, batches, deleted, rows);
            }
            if (deleted < batchRows)
            {
                break;
            }
        }
        if (rows > 0)
        {
            await VacuumAsync(connection, table, cancellationToken).ConfigureAwait(false);
            LogTrimmed(logger, table, rows, CutoffText(cutoff), batches, Stopwatch.GetElapsedTime(started).TotalMilliseconds, vacuumed: true);
        }
        return (rows, batches);
    }

    private async Task<long> DeleteAsync(NpgsqlConnection connection, string table, RetentionBound bound, object cutoff, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        // Relation and column come from RetentionBound's constants, never from input.
        await using var command = new NpgsqlCommand($"DELETE FROM {table} WHERE {bound.TimeColumn} < $1", connection);
        command.Parameters.Add(Cutoff(bound, cutoff));
        var rows = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        if (rows > 0)
        {
            LogTrimmed(logger, table, rows, CutoffText(cutoff), 1, Stopwatch.GetElapsedTime(started).TotalMilliseconds, vacuumed: false);
        }
        return rows;
    }

    private static async Task VacuumAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        // VACUUM runs outside any transaction; this connection has none.
        await using var vacuum = new NpgsqlCommand($"VACUUM {table}", connection) { CommandTimeout = (int)VacuumTimeout.TotalSeconds };
        await vacuum.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string CutoffText(object cutoff) => cutoff switch
    {
        DateOnly date => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        DateTimeOffset instant => instant.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        _ => "?",
    };

    private static NpgsqlParameter Cutoff(RetentionBound bound, object cutoff) =>
        new() { Value = cutoff, NpgsqlDbType = bound.IsDate ? NpgsqlDbType.Date : NpgsqlDbType.TimestampTz };

    [LoggerMessage(Level = LogLevel.Debug, Message = "Retention on {Table}: batch {Batch} deleted {Rows} rows ({Total} so far).")]
    private static partial void LogBatch(ILogger logger, string table, int batch, int rows, long total);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention on {Table}: deleted {Rows} rows older than {Cutoff} in {Batches} batches and {Milliseconds:F0} ms; vacuumed: {Vacuumed}.")]
    private static partial void LogTrimmed(ILogger logger, string table, long rows, string cutoff, int batches, double milliseconds, bool vacuumed);
}
