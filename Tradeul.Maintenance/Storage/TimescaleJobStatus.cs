using System.Text.Json.Serialization;
using Npgsql;

namespace Tradeul.Maintenance.Storage;

/// <summary>
/// One TimescaleDB policy job on Tradeul's relations as TimescaleDB's scheduler last recorded it
/// (<c>timescaledb_information.jobs</c>, <c>job_stats</c> and <c>job_errors</c>). Times are UTC; null where
/// the job has not run yet. A run through <c>CALL run_job(...)</c> is not recorded by TimescaleDB; only the
/// scheduler's runs are.
/// </summary>
/// <param name="Policy">The job's procedure, e.g. <c>policy_retention</c>.</param>
/// <param name="Relation">Hypertable or continuous aggregate (view name) it works on.</param>
/// <param name="Scheduled">False when paused: it does not run, and Maintenance enforces its bound.</param>
/// <param name="LastRunStatus"><c>Success</c> or <c>Failed</c>, null before the first finished run.</param>
/// <param name="JobStatus"><c>Scheduled</c>, <c>Running</c> or <c>Paused</c>.</param>
/// <param name="FailuresSinceSuccess">Failed runs (job_errors entries) since its last successful finish, or ever if it never succeeded: how long it has kept failing.</param>
/// <param name="LastError">The newest error TimescaleDB logged for it, at <paramref name="LastErrorAt"/>.</param>
public sealed record TimescaleJobStatus(
    [property: JsonPropertyName("job_id")] int JobId,
    [property: JsonPropertyName("policy")] string Policy,
    [property: JsonPropertyName("relation")] string Relation,
    [property: JsonPropertyName("scheduled")] bool Scheduled,
    [property: JsonPropertyName("schedule_interval")] string ScheduleInterval,
    [property: JsonPropertyName("last_run_started_at")] DateTimeOffset? LastRunStartedAt,
    [property: JsonPropertyName("last_successful_finish")] DateTimeOffset? LastSuccessfulFinish,
    [property: JsonPropertyName("last_run_status")] string? LastRunStatus,
    [property: JsonPropertyName("job_status")] string? JobStatus,
    [property: JsonPropertyName("next_start")] DateTimeOffset? NextStart,
    [property: JsonPropertyName("total_runs")] long TotalRuns,
    [property: JsonPropertyName("total_failures")] long TotalFailures,
    [property: JsonPropertyName("failures_since_success")] long FailuresSinceSuccess,
    [property: JsonPropertyName("last_error")] string? LastError,
    [property: JsonPropertyName("last_error_at")] DateTimeOffset? LastErrorAt);

/// <summary>Reads <see cref="TimescaleJobStatus"/>es for the policy jobs on Tradeul's relations.</summary>
public static class TimescaleJobReader
{
    // job_stats reports -infinity for a start that never happened; isfinite turns those into NULL.
    private const string Query =
        """
        SELECT j.job_id, j.proc_name::text, j.hypertable_name::text, j.scheduled, j.schedule_interval::text,
               CASE WHEN isfinite(s.last_run_started_at) THEN s.last_run_started_at END,
               CASE WHEN isfinite(s.last_successful_finish) THEN s.last_successful_finish END,
               s.last_run_status, s.job_status,
               CASE WHEN isfinite(s.next_start) THEN s.next_start END,
               coalesce(s.total_runs, 0), coalesce(s.total_failures, 0),
               e.failures, e.last_error, e.last_error_at
        FROM timescaledb_information.jobs j
        LEFT JOIN timescaledb_information.job_stats s ON s.job_id = j.job_id
        LEFT JOIN LATERAL (
            SELECT count(*) FILTER (WHERE s.last_successful_finish IS NULL OR NOT isfinite(s.last_successful_finish)
                                       OR x.start_time > s.last_successful_finish) AS failures,
                   (array_agg(x.err_message ORDER BY x.start_time DESC))[1] AS last_error,
                   max(x.start_time) AS last_error_at
            FROM timescaledb_information.job_errors x
            WHERE x.job_id = j.job_id) e ON true
        WHERE j.hypertable_schema = current_schema() AND j.hypertable_name = ANY($1)
          AND j.proc_schema IN ('_timescaledb_functions', '_timescaledb_internal')
        ORDER BY j.job_id
        """;

    /// <summary>Empty when the extension is not created in this database (there are no jobs to read).</summary>
    /// <exception cref="NpgsqlException">The database could not be read.</exception>
    public static async Task<IReadOnlyList<TimescaleJobStatus>> ReadAsync(NpgsqlConnection connection, StorageLayout layout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(layout);
        if (layout.ExtensionVersion is null)
        {
            return [];
        }
        string[] relations = [.. StorageLayout.RawTables, .. StorageLayout.Rollups];
        var jobs = new List<TimescaleJobStatus>();
        await using var command = new NpgsqlCommand(Query, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = relations });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            jobs.Add(new TimescaleJobStatus(
                reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetBoolean(3), reader.GetString(4),
                Time(reader, 5), Time(reader, 6),
                reader.IsDBNull(7) ? null : reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8),
                Time(reader, 9), reader.GetInt64(10), reader.GetInt64(11), reader.GetInt64(12),
                reader.IsDBNull(13) ? null : reader.GetString(13), Time(reader, 14)));
        }
        return jobs;
    }

    private static DateTimeOffset? Time(NpgsqlDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : new DateTimeOffset(reader.GetDateTime(column), TimeSpan.Zero);
}
