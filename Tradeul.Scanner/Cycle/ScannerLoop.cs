using Microsoft.Extensions.Options;
using Tradeul.Shared.Hosting;

namespace Tradeul.Scanner.Cycle;

/// <summary>Polls for the newest snapshot every <c>Scanner:PollInterval</c> and scans it.</summary>
public sealed class ScannerLoop(
    ScannerCycle cycle,
    IOptions<ScannerOptions> options,
    LoopMonitor monitor,
    TimeProvider time,
    ILogger<ScannerLoop> logger) : BackgroundService
{
    public const string LoopName = "scanner";

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicLoop.RunAsync(monitor.Register(LoopName), options.Value.PollInterval, time, cycle.RunOnceAsync, logger, stoppingToken);
}
