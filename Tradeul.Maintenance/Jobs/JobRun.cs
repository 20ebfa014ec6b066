using System.Text.Json.Serialization;

namespace Tradeul.Maintenance.Jobs;

/// <summary>
/// One run of a Maintenance job, as <c>GET /api/maintenance/status</c> (under <c>jobs</c>, the last finished run of
/// each job) and <c>GET /api/maintenance/runs/{id}</c> show it. Times are UTC.
/// </summary>
/// <param name="RunId">32 hexadecimal digits, unique per run, time-ordered (a version 7 UUID without dashes).</param>
/// <param name="Job">The job's name, e.g. <c>scan_persistence</c>.</param>
/// <param name="Trigger"><see cref="JobTrigger.Scheduled"/> (its loop) or <see cref="JobTrigger.Manual"/> (an API call).</param>
/// <param name="LastRun">When the run started.</param>
/// <param name="Outcome">One of <see cref="JobOutcome"/>: <c>running</c>, <c>ok</c>, <c>missed</c> or <c>failed</c>.</param>
/// <param name="Detail">What the run did; for a failure the exception's type and a message without connection details.</param>
/// <param name="DurationMs">Wall time of the run in milliseconds; null while it runs.</param>
public sealed record JobRun(
    [property: JsonPropertyName("run_id")] string RunId,
    [property: JsonPropertyName("job")] string Job,
    [property: JsonPropertyName("trigger")] string Trigger,
    [property: JsonPropertyName("last_run")] DateTimeOffset LastRun,
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("detail")] string Detail,
    [property: JsonPropertyName("duration_ms")] double? DurationMs)
{
    /// <summary>Values the run read as null because .NET cannot hold them, by column; absent when there were none.</summary>
    [JsonPropertyName("unrepresentable")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, int>? Unrepresentable { get; init; }

    /// <summary>When the job's loop runs next (UTC): one interval after a success, sooner after a failure (retry backoff) or a miss (its retry interval). Only in the status's <c>jobs</c>.</summary>
    [JsonPropertyName("next_attempt_at")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>Failed or missed runs of the job's loop in a row; 0 after a success. Only in the status's <c>jobs</c>.</summary>
    [JsonPropertyName("consecutive_failures")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ConsecutiveFailures { get; init; }

    /// <summary>The run of the same job going on now, when this one is the last finished; absent otherwise.</summary>
    [JsonPropertyName("running")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JobRun? Running { get; init; }
}

/// <summary>What started a run.</summary>
public static class JobTrigger
{
    /// <summary>The job's own loop, on its interval (or its retry after a failure or miss).</summary>
    public const string Scheduled = "scheduled";

    /// <summary>An API call, e.g. <c>POST /api/maintenance/persist-scan-results</c>.</summary>
    public const string Manual = "manual";
}

/// <summary>How a run went.</summary>
public static class JobOutcome
{
    public const string Running = "running";
    public const string Ok = "ok";

    /// <summary>The input the job needs was not there when it was due (<see cref="JobInputMissingException"/>): nothing was done, and it is not a success.</summary>
    public const string Missed = "missed";

    public const string Failed = "failed";
}
