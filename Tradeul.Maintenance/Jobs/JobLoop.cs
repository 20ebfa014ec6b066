using Microsoft.Extensions.Options;
using Tradeul.Shared.Hosting;

namespace Tradeul.Maintenance.Jobs;

/// <summary>
/// One scheduled Maintenance job as its own background loop: runs at start and then every
/// interval, records each run on the <see cref="JobBoard"/>, and reports health like every
/// other loop. A failed run is retried sooner, on <c>Maintenance:JobRetry</c>'s backoff
/// capped by the interval (<see cref="JobRetryOptions"/>). Registered once per job.
/// </summary>
public sealed class JobLoop(
    string name,
    TimeSpan interval,
    Func<IServiceProvider, CancellationToken, Task> run,
    IServiceProvider services,
    LoopMonitor monitor,
    TimeProvider time,
    IOptions<MaintenanceOptions> options,
    ILogger<JobLoop> logger) : BackgroundService
{
    public string Name { get; } = name;

    /// <summary>The name of a job's loop in the <see cref="LoopMonitor"/> and the health report.</summary>
    public static string LoopNameOf(string job) => $"job:{job}";

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicLoop.RunAsync(monitor.Register(LoopNameOf(Name)), interval, time, token => run(services, token), logger, stoppingToken,
            backoff: FailureBackoff.CappedByInterval(options.Value.JobRetry.FirstDelay, interval));
}
