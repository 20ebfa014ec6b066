using Npgsql;
using NpgsqlTypes;
using Tradeul.Maintenance.Storage;

namespace Tradeul.Maintenance.Jobs;

/// <summary>What the rollup job did to one rollup.</summary>
/// <param name="PolicyJobId">The TimescaleDB refresh policy that fills this rollup instead; Maintenance did nothing to it. Null when Maintenance filled it.</param>
/// <param name="Buckets">Buckets written into a rollup table (new, or recomputed to other values); -1 when a continuous aggregate without a policy was refreshed (TimescaleDB does not say how many).</param>
public sealed record RollupOutcome(string Rollup, int? PolicyJobId, int Buckets)
{
    public override string ToString() => PolicyJobId is { } job ? $"{Rollup}: TimescaleDB policy job {job}"
        : Buckets < 0 ? $"{Rollup}: continuous aggregate refreshed"
        : $"{Rollup}: {Buckets} buckets refreshed";
}

/// <summary>One outcome per rollup: the 1-minute one, then the 1-hour one.</summary>
public sealed record RollupResult(RollupOutcome OneMinute, RollupOutcome OneHour)
{
    public int Minutes => OneMinute.Buckets;
    public int Hours => OneHour.Buckets;

    public override string ToString() => $"{OneMinute}; {OneHour}";
}

/// <summary>
/// What TimescaleDB's continuous aggregates and their refresh policies do, for every rollup they do not:
/// recompute the recent 1-minute and 1-hour buckets of <c>scan_results</c> into the rollup table, or, where
/// the rollup is a continuous aggregate whose refresh policy is missing or paused, refresh it over the same
/// window. Decided rollup by rollup from the layout read at each run. Only a trailing window is recomputed
/// (late rows land in it); older buckets are final.
/// </summary>
public sealed class FallbackRollupJob(NpgsqlDataSource database, TimeProvider time, StorageState storage)
{
    public const string Name = "rollups";
    public static readonly TimeSpan MinuteLookback = TimeSpan.FromHours(3);
    public static readonly TimeSpan HourLookback = TimeSpan.FromDays(2);

    /// <exception cref="NpgsqlException">The database refused a statement.</exception>
    public async Task<RollupResult> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUniversalTime(); // Npgsql and the hour bucket need offset zero, whatever clock is injected
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var layout = await StorageLayoutReader.ReadAsync(connection, cancellationToken).ConfigureAwait(false);
        storage.Layout = layout;
        return new RollupResult(
            await RollUpAsync(connection, layout, "scan_results_1min", "minute", now - MinuteLookback, cancellationToken).ConfigureAwait(false),
            await RollUpAsync(connection, layout, "scan_results_1hour", "hour", now - HourLookback, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<RollupOutcome> RollUpAsync(NpgsqlConnection connection, StorageLayout layout, string rollup, string unit, DateTimeOffset since, CancellationToken cancellationToken)
    {
        if (layout.ScheduledPolicy(TimescalePolicyKind.Refresh, rollup) is { } policy && layout.IsContinuousAggregate(rollup))
        {
            return new RollupOutcome(rollup, policy.JobId, 0);
        }
        if (layout.IsContinuousAggregate(rollup))
        {
            // A procedure: it commits by itself, so it runs outside any transaction (this connection has none).
            await using var refresh = new NpgsqlCommand("CALL refresh_continuous_aggregate($1::regclass, $2, NULL)", connection);
            refresh.Parameters.Add(new NpgsqlParameter { Value = rollup });
            refresh.Parameters.Add(new NpgsqlParameter { Value = since, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            await refresh.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return new RollupOutcome(rollup, null, -1);
        }
        // Table and unit come from the two constants above, never from input. A bucket whose values did not
        // change is not rewritten: every run recomputes two days of hours, and rewriting them all every
        // 5 minutes left a dead row version per bucket per run for VACUUM to clear.
        await using var command = new NpgsqlCommand(
            $"""
            INSERT INTO {rollup} (bucket, symbol, last_price, max_price, min_price, max_volume, avg_score, max_rvol, row_count)
            SELECT date_trunc('{unit}', time), symbol,
                   (array_agg(price ORDER BY time DESC))[1], max(price), min(price), max(volume), avg(score), max(rvol), count(*)
            FROM scan_results
            WHERE time >= date_trunc('{unit}', $1::timestamptz)
            GROUP BY 1, 2
            ON CONFLICT (bucket, symbol) DO UPDATE SET
                last_price = EXCLUDED.last_price, max_price = EXCLUDED.max_price, min_price = EXCLUDED.min_price,
                max_volume = EXCLUDED.max_volume, avg_score = EXCLUDED.avg_score, max_rvol = EXCLUDED.max_rvol, row_count = EXCLUDED.row_count
            WHERE ({rollup}.last_price, {rollup}.max_price, {rollup}.min_price, {rollup}.max_volume, {rollup}.avg_score, {rollup}.max_rvol, {rollup}.row_count)
                IS DISTINCT FROM (EXCLUDED.last_price, EXCLUDED.max_price, EXCLUDED.min_price, EXCLUDED.max_volume, EXCLUDED.avg_score, EXCLUDED.max_rvol, EXCLUDED.row_count)
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = since, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        return new RollupOutcome(rollup, null, await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false));
    }
}
