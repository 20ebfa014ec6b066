using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Serialization;
using Tradeul.Shared.Hosting;

namespace Tradeul.Maintenance.Jobs;

/// <summary>
/// Last run, outcome and duration of every Maintenance job, for the status endpoint, with
/// when its loop tries next (from the job's <see cref="LoopStatus"/>) and the values a run
/// read as null because .NET could not hold them.
/// </summary>
public sealed class JobBoard(TimeProvider time, LoopMonitor monitor, JobTelemetry telemetry)
{
    private readonly ConcurrentDictionary<string, JobRun> _runs = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, JobRun> All => new SortedDictionary<string, JobRun>(
        _runs.ToDictionary(r => r.Key, r => monitor.Find(JobLoop.LoopNameOf(r.Key)) is { } loop
            ? r.Value with { NextAttemptAt = loop.NextAttemptAt, ConsecutiveFailures = loop.ConsecutiveFailures }
            : r.Value),
        StringComparer.Ordinal);

    /// <summary>Runs a job, records how it went, and rethrows its failure for the loop to count and log.</summary>
    public async Task<T> RunAsync<T>(string job, Func<CancellationToken, Task<T>> work, Func<T, string> describe, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var clock = Stopwatch.StartNew();
        try
        {
            var result = await work(cancellationToken).ConfigureAwait(false);
            var unrepresentable = result is IReportsUnrepresentableValues { Unrepresentable.Count: > 0 } report ? report.Unrepresentable : null;
            _runs[job] = new JobRun(started, "ok", describe(result), Math.Round(clock.Elapsed.TotalMilliseconds, 1)) { Unrepresentable = unrepresentable };
            if (unrepresentable is not null)
            {
                telemetry.Unrepresentable(job, unrepresentable);
            }
            return result;
        }
        catch (Exception ex)
        {
            _runs[job] = new JobRun(started, "failed", $"{ex.GetType().Name}: {ex.Message}", Math.Round(clock.Elapsed.TotalMilliseconds, 1));
            throw;
        }
    }
}

public sealed record JobRun(
    [property: JsonPropertyName("last_run")] DateTimeOffset LastRun,
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("detail")] string Detail,
    [property: JsonPropertyName("duration_ms")] double DurationMs)
{
    /// <summary>Values the run read as null because .NET cannot hold them, by column; absent when there were none.</summary>
    [JsonPropertyName("unrepresentable")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, int>? Unrepresentable { get; init; }

    /// <summary>When the job's loop runs next (UTC): one interval after a success, sooner after a failure (retry backoff).</summary>
    [JsonPropertyName("next_attempt_at")]
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>Failed runs in a row; 0 after a success.</summary>
    [JsonPropertyName("consecutive_failures")]
    public int ConsecutiveFailures { get; init; }
}
