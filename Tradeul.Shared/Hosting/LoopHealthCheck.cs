using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Tradeul.Shared.Hosting;

/// <summary>
/// Unhealthy when any loop has died (its work is no longer being done); degraded while a
/// loop keeps failing, so the reason shows before anything runs out of bounds.
/// </summary>
public sealed class LoopHealthCheck(LoopMonitor monitor) : IHealthCheck
{
    public const string Name = "background-loops";

    /// <summary>Failures in a row before a loop counts as degraded rather than unlucky.</summary>
    public const int DegradedAfterFailures = 3;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        var dead = new List<string>();
        var failing = new List<string>();
        foreach (var loop in monitor.All)
        {
            data[loop.Name] = loop.State.ToString();
            if (loop.State == LoopState.Died)
            {
                dead.Add($"{loop.Name} ({loop.LastError})");
            }
            else if (loop.ConsecutiveFailures >= DegradedAfterFailures)
            {
                failing.Add($"{loop.Name} ({loop.ConsecutiveFailures} failures, last: {loop.LastError})");
            }
        }

        if (dead.Count > 0)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("Loops died: " + string.Join("; ", dead), data: data));
        }
        if (failing.Count > 0)
        {
            return Task.FromResult(HealthCheckResult.Degraded("Loops failing: " + string.Join("; ", failing), data: data));
        }
        return Task.FromResult(HealthCheckResult.Healthy(data: data));
    }
}
