using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tradeul.Shared.Hosting;

namespace Tradeul.Ingest.Cycle;

/// <summary>
/// Runs <see cref="IngestCycle"/> every <c>Ingest:Interval</c>; a failed cycle is skipped and
/// counted. After failures in a row the next cycle waits one interval, doubling up to
/// <c>Ingest:MaxBackoff</c>, and never less than a provider's <c>Retry-After</c> (HTTP 429).
/// </summary>
public sealed class IngestLoop(
    IngestCycle cycle,
    IOptions<IngestOptions> options,
    LoopMonitor monitor,
    TimeProvider time,
    ILogger<IngestLoop> logger,
    IEnumerable<IIngestStartupTask> startupTasks) : BackgroundService
{
    public const string LoopName = "ingest";

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pending = startupTasks.ToList();
        var settings = options.Value;
        var backoff = new FailureBackoff(settings.Interval, settings.MaxBackoff);
        return PeriodicLoop.RunAsync(monitor.Register(LoopName), settings.Interval, time, async token =>
        {
            // Start-up work (reference data for the simulated market) is retried each cycle
            // until it succeeds, so Ingest starting before Redis is not a lost start-up.
            while (pending.Count > 0)
            {
                await pending[0].RunAsync(token).ConfigureAwait(false);
                pending.RemoveAt(0);
            }
            await cycle.RunOnceAsync(token).ConfigureAwait(false);
        }, logger, stoppingToken, backoff: backoff);
    }
}

/// <summary>Work that must succeed once before the first snapshot is published.</summary>
public interface IIngestStartupTask
{
    Task RunAsync(CancellationToken cancellationToken);
}
