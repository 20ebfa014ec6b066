using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Tradeul.Maintenance.Jobs;

/// <summary>
/// Degraded while the last finished run of any Maintenance job, scheduled or manual, failed or missed its input,
/// naming the job, the run, what started it and why; healthy again with the job's next successful run.
/// Degraded, not Unhealthy: Maintenance itself still serves and retries (a scheduled job on its backoff, a
/// missed persistence on its retry interval), and restarting it or taking it out of rotation, which Unhealthy
/// asks of an orchestrator, fixes neither a PostgreSQL outage nor a Scanner that is down. The loops' own check
/// still turns Unhealthy when a loop dies.
/// </summary>
public sealed class JobRunHealthCheck(JobBoard board) : IHealthCheck
{
    public const string Name = "maintenance-jobs";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        var bad = new List<string>();
        foreach (var (job, shown) in board.All)
        {
            data[job] = shown.Outcome;
            if (shown.Outcome is JobOutcome.Failed or JobOutcome.Missed)
            {
                bad.Add($"{job} {shown.Trigger} run {shown.RunId} {shown.Outcome} at {shown.LastRun:O}: {shown.Detail}");
            }
        }
        return Task.FromResult(bad.Count == 0
            ? HealthCheckResult.Healthy(data: data)
            : HealthCheckResult.Degraded("Last run not ok: " + string.Join(" | ", bad), data: data));
    }
}
