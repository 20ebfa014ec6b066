using Tradeul.Shared.Hosting;

namespace Tradeul.Maintenance.Jobs;

/// <summary>
/// One scheduled Maintenance job as its own background loop: runs at start and then every
/// interval, records each run on the <see cref="JobBoard"/>, and reports health like every
/// other loop. Registered once per job.
/// </summary>
public sealed class JobLoop(
    string name,
    TimeSpan interval,
    Func<IServiceProvider, CancellationToken, Task> run,
    IServiceProvider services,
    LoopMonitor monitor,
    TimeProvider time,
    ILogger<JobLoop> logger) : BackgroundService
{
    public string Name { get; } = name;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicLoop.RunAsync(monitor.Register($"job:{Name}"), interval, time, token => run(services, token), logger, stoppingToken);
}
