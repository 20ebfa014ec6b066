using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Serialization;

namespace Tradeul.Maintenance.Jobs;

/// <summary>Last run, outcome and duration of every Maintenance job, for the status endpoint.</summary>
public sealed class JobBoard(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, JobRun> _runs = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, JobRun> All => new SortedDictionary<string, JobRun>(_runs, StringComparer.Ordinal);

    /// <summary>Runs a job, records how it went, and rethrows its failure for the loop to count and log.</summary>
    public async Task<T> RunAsync<T>(string job, Func<CancellationToken, Task<T>> work, Func<T, string> describe, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var clock = Stopwatch.StartNew();
        try
        {
            var result = await work(cancellationToken).ConfigureAwait(false);
            _runs[job] = new JobRun(started, "ok", describe(result), Math.Round(clock.Elapsed.TotalMilliseconds, 1));
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
    [property: JsonPropertyName("duration_ms")] double DurationMs);
