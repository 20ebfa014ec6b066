using Npgsql;
using NpgsqlTypes;

namespace Tradeul.Maintenance.Jobs;

public sealed record RetentionResult(long ScanResults, long VolumeSlots, long Rollups1Min, long Rollups1Hour);

/// <summary>
/// What TimescaleDB's retention policies do, for servers without them: delete rows older
/// than each table's window (scan_results 3 days, volume_slots 14 days, the rollups 30 and
/// 180 days). The cut-off comes from the injected clock, so the bounds are testable exactly.
/// </summary>
public sealed class FallbackRetentionJob(NpgsqlDataSource database, TimeProvider time)
{
    public const string Name = "retention";
    public static readonly TimeSpan ScanResultsWindow = TimeSpan.FromDays(3);
    public const int VolumeSlotsDays = 14;
    public static readonly TimeSpan OneMinuteRollupWindow = TimeSpan.FromDays(30);
    public static readonly TimeSpan OneHourRollupWindow = TimeSpan.FromDays(180);

    public async Task<RetentionResult> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUniversalTime(); // Npgsql and the hour bucket need offset zero, whatever clock is injected
        return new RetentionResult(
            await DeleteAsync("DELETE FROM scan_results WHERE time < $1", now - ScanResultsWindow, NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false),
            await DeleteAsync("DELETE FROM volume_slots WHERE date < $1", DateOnly.FromDateTime(now.UtcDateTime).AddDays(-VolumeSlotsDays), NpgsqlDbType.Date, cancellationToken).ConfigureAwait(false),
            await DeleteAsync("DELETE FROM scan_results_1min WHERE bucket < $1", now - OneMinuteRollupWindow, NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false),
            await DeleteAsync("DELETE FROM scan_results_1hour WHERE bucket < $1", now - OneHourRollupWindow, NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false));
    }

    private async Task<long> DeleteAsync(string sql, object cutoff, NpgsqlDbType type, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = cutoff, NpgsqlDbType = type });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
