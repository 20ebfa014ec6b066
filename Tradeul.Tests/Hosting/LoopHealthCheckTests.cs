using Microsoft.Extensions.Diagnostics.HealthChecks;
using Tradeul.Shared.Hosting;

namespace Tradeul.Tests.Hosting;

public sealed class LoopHealthCheckTests
{
    private static Task<HealthCheckResult> CheckAsync(LoopMonitor monitor) =>
        new LoopHealthCheck(monitor).CheckHealthAsync(new HealthCheckContext());

    [Fact]
    public async Task Healthy_while_loops_run_degraded_while_one_keeps_failing_unhealthy_once_one_died()
    {
        var monitor = new LoopMonitor();
        var trim = monitor.Register("stream-trim:a");
        var other = monitor.Register("other");
        trim.Succeeded(DateTimeOffset.UnixEpoch);
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(monitor)).Status);

        for (var i = 0; i < LoopHealthCheck.DegradedAfterFailures - 1; i++)
        {
            other.Failed(new TimeoutException("slow"));
        }
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(monitor)).Status);
        other.Failed(new TimeoutException("slow"));
        var degraded = await CheckAsync(monitor);
        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Contains("other", degraded.Description, StringComparison.Ordinal);

        trim.Died(new InvalidOperationException("bug"));
        var unhealthy = await CheckAsync(monitor);
        Assert.Equal(HealthStatus.Unhealthy, unhealthy.Status);
        Assert.Contains("stream-trim:a", unhealthy.Description, StringComparison.Ordinal);
    }
}
