using System.Text.Json.Serialization;

namespace Tradeul.Maintenance;

/// <summary>The 202 body of a manual job run: the run to follow at <see cref="RunUrl"/> (also the <c>Location</c> header).</summary>
/// <param name="RunId">The run's id (32 hexadecimal digits).</param>
/// <param name="Job">The job started, e.g. <c>scan_persistence</c>.</param>
/// <param name="Status">Always <c>started</c>: the run goes on after the response.</param>
/// <param name="StartedAt">When the run started (UTC).</param>
/// <param name="RunUrl">Where the run's outcome shows: <c>/api/maintenance/runs/{run_id}</c>.</param>
public sealed record ManualRunStarted(
    [property: JsonPropertyName("run_id")] string RunId,
    [property: JsonPropertyName("job")] string Job,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("started_at")] DateTimeOffset StartedAt,
    [property: JsonPropertyName("run_url")] string RunUrl);
