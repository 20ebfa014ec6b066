using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tradeul.Maintenance.Jobs;
using Tradeul.Shared.Hosting;
using Tradeul.Tests.Infrastructure;

namespace Tradeul.Tests.Maintenance;

/// <summary>Maintenance's job loops as AddMaintenanceServices registers them, for tests that drive them on a fake clock.</summary>
internal static class MaintenanceLoops
{
    /// <summary>A job's loop as AddMaintenanceServices registers it (interval from options, run through the board), not yet started.</summary>
    public static JobLoop Registered(WebApplication app, string job) =>
        app.Services.GetServices<IHostedService>().OfType<JobLoop>().Single(loop => loop.Name == job);

    /// <summary>Waits until the job's loop has finished run <paramref name="run"/> and scheduled its next one on the fake clock.</summary>
    public static async Task<LoopStatus> WaitForRunAsync(WebApplication app, string job, long run)
    {
        var monitor = app.Services.GetRequiredService<LoopMonitor>();
        LoopStatus? status = null;
        await Eventually.Until(() => (status = monitor.Find(JobLoop.LoopNameOf(job))) is { State: LoopState.Waiting } && status.Iterations >= run,
            $"{job} run {run} to finish");
        return status!;
    }
}
