using Microsoft.Extensions.Options;
using Tradeul.Shared.Hosting;

namespace Tradeul.Scanner.Cycle;

/// <summary>
/// Reads the newest snapshot and scans it, over and over: each read waits on Redis for up to
/// <c>Scanner:ReadBlock</c>, so a snapshot is scanned as soon as it is added. With ReadBlock 0 it
/// polls every <c>Scanner:PollInterval</c> instead. After a failed read or scan the next try waits
/// one PollInterval either way, so a Redis outage is not retried in a tight loop.
/// </summary>
public sealed class ScannerLoop(
    ScannerCycle cycle,
    IOptions<ScannerOptions> options,
    LoopMonitor monitor,
    TimeProvider time,
    ILogger<ScannerLoop> logger) : BackgroundService
{
    public const string LoopName = "scanner";

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var interval = settings.ReadBlock > TimeSpan.Zero ? TimeSpan.Zero : settings.PollInterval;
        return PeriodicLoop.RunAsync(monitor.Register(LoopName), interval, time, cycle.RunOnceAsync, logger, stoppingToken,
            backoff: FailureBackoff.Constant(settings.PollInterval));
    }
}
