using Npgsql;
using NpgsqlTypes;

namespace Tradeul.Maintenance.Jobs;

public sealed record RollupResult(int Minutes, int Hours);

/// <summary>
/// What TimescaleDB's continuous aggregates do, for servers without them: recompute the
/// recent 1-minute and 1-hour buckets of <c>scan_results</c> into the rollup tables. Only a
/// trailing window is recomputed (late rows land in it); older buckets are final.
/// </summary>
public sealed class FallbackRollupJob(NpgsqlDataSource database, TimeProvider time)
{
    public const string Name = "rollups";
    public static readonly TimeSpan MinuteLookback = TimeSpan.FromHours(3);
    public static readonly TimeSpan HourLookback = TimeSpan.FromDays(2);

    public async Task<RollupResult> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUniversalTime(); // Npgsql and the hour bucket need offset zero, whatever clock is injected
        return new RollupResult(
            await RollUpAsync("scan_results_1min", "minute", now - MinuteLookback, cancellationToken).ConfigureAwait(false),
            await RollUpAsync("scan_results_1hour", "hour", now - HourLookback, cancellationToken).ConfigureAwait(false));
    }

    private async Task<int> RollUpAsync(string table, string unit, DateTimeOffset since, CancellationToken cancellationToken)
    {
        // Table and unit come from the two constants above, never from input.
        await using var command = database.CreateCommand(
            $"""
            INSERT INTO {table} (bucket, symbol, last_price, max_price, min_price, max_volume, avg_score, max_rvol, row_count)
            SELECT date_trunc('{unit}', time), symbol,
                   (array_agg(price ORDER BY time DESC))[1], max(price), min(price), max(volume), avg(score), max(rvol), count(*)
            FROM scan_results
            WHERE time >= date_trunc('{unit}', $1::timestamptz)
            GROUP BY 1, 2
            ON CONFLICT (bucket, symbol) DO UPDATE SET
                last_price = EXCLUDED.last_price, max_price = EXCLUDED.max_price, min_price = EXCLUDED.min_price,
                max_volume = EXCLUDED.max_volume, avg_score = EXCLUDED.avg_score, max_rvol = EXCLUDED.max_rvol, row_count = EXCLUDED.row_count
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = since, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
