using Npgsql;
using NpgsqlTypes;
using Tradeul.Maintenance.Storage;

namespace Tradeul.Maintenance.Jobs;

/// <summary>What retention did to one relation.</summary>
/// <param name="PolicyJobId">The TimescaleDB retention policy that enforces this bound instead; Maintenance did nothing to it. Null when Maintenance enforced it.</param>
/// <param name="ChunksDropped">Whole chunks removed with <c>drop_chunks</c> (hypertables and continuous aggregates).</param>
/// <param name="RowsDeleted">Rows deleted one by one: the whole table when it is plain, only the boundary chunk of a hypertable.</param>
public sealed record RetentionOutcome(string Relation, int? PolicyJobId, int ChunksDropped, long RowsDeleted)
{
    public override string ToString() => PolicyJobId is { } job
        ? $"{Relation}: TimescaleDB policy job {job}"
        : $"{Relation}: {ChunksDropped} chunks dropped, {RowsDeleted} rows deleted";
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
/// sides of the cut-off, is then trimmed with a <c>DELETE</c>. A plain table gets the <c>DELETE</c> alone.
/// A continuous aggregate's rows cannot be deleted (it is a view), so it keeps up to one chunk beyond its
/// window, exactly as TimescaleDB's own policy would. The cut-off comes from the injected clock.
/// </summary>
public sealed class FallbackRetentionJob(NpgsqlDataSource database, TimeProvider time, StorageState storage)
{
    public const string Name = "retention";
    public static TimeSpan ScanResultsWindow => RetentionBound.ScanResults.Window;

    /// <exception cref="NpgsqlException">The database refused a statement; the bounds before it were kept.</exception>
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
            var chunked = layout.IsHypertable(bound.Relation) || layout.IsContinuousAggregate(bound.Relation);
            var chunks = chunked ? await DropChunksAsync(connection, bound, cutoff, cancellationToken).ConfigureAwait(false) : 0;
            var rows = layout.IsContinuousAggregate(bound.Relation) ? 0 : await DeleteAsync(connection, bound, cutoff, cancellationToken).ConfigureAwait(false);
            outcomes.Add(new RetentionOutcome(bound.Relation, null, chunks, rows));
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

    private static async Task<long> DeleteAsync(NpgsqlConnection connection, RetentionBound bound, object cutoff, CancellationToken cancellationToken)
    {
        // Relation and column come from RetentionBound's constants, never from input.
        await using var command = new NpgsqlCommand($"DELETE FROM {bound.Relation} WHERE {bound.TimeColumn} < $1", connection);
        command.Parameters.Add(Cutoff(bound, cutoff));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static NpgsqlParameter Cutoff(RetentionBound bound, object cutoff) =>
        new() { Value = cutoff, NpgsqlDbType = bound.IsDate ? NpgsqlDbType.Date : NpgsqlDbType.TimestampTz };
}
