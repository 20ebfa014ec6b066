using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tradeul.Shared.Hosting;

namespace Tradeul.Scanner.Enrichment;

/// <summary>
/// Reloads the enrichment table at start and every <c>Scanner:EnrichmentRefreshInterval</c>.
/// A load that fails or finds nothing (<see cref="EnrichmentEmptyException"/>) keeps the last
/// good table and is retried after <c>Scanner:EnrichmentRetryDelay</c>, doubling, capped by
/// the refresh interval, so a Scanner that starts before the reference data is seeded has it
/// seconds after it appears rather than one refresh interval later.
/// </summary>
public sealed partial class EnrichmentRefreshLoop(
    EnrichmentLoader loader,
    EnrichmentCache cache,
    IOptions<ScannerOptions> options,
    LoopMonitor monitor,
    TimeProvider time,
    ILogger<EnrichmentRefreshLoop> logger) : BackgroundService
{
    public const string LoopName = "scanner-enrichment";

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.EnrichmentRefreshInterval;
        return PeriodicLoop.RunAsync(monitor.Register(LoopName), interval, time, RefreshAsync, logger, stoppingToken,
            backoff: FailureBackoff.CappedByInterval(options.Value.EnrichmentRetryDelay, interval));
    }

    /// <exception cref="EnrichmentEmptyException">
    /// When Redis holds no usable metadata or baseline key (the cache is left as it was), or only
    /// one of the two kinds: metadata synced but baselines not yet computed, say. Such a half
    /// table is swapped in only while nothing complete has been loaded (half is better than
    /// none), and either way the load is retried on the short backoff, not one interval later.
    /// </exception>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var (table, rejected) = await loader.LoadAsync(cancellationToken).ConfigureAwait(false);
        var metadata = table.Values.Count(e => e.Metadata is not null);
        var baselines = table.Values.Count(e => e.Baseline is not null);
        if (metadata == 0 || baselines == 0)
        {
            if (table.Count > 0 && !cache.IsLoaded)
            {
                cache.Replace(table);
            }
            throw new EnrichmentEmptyException(rejected, metadata, baselines);
        }
        cache.Replace(table);
        LogLoaded(logger, table.Count, cache.WithMetadata, cache.WithBaseline, rejected);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Enrichment loaded for {Tickers} tickers ({Metadata} with metadata, {Baselines} with RVOL baselines, {Rejected} keys rejected).")]
    private static partial void LogLoaded(ILogger logger, int tickers, int metadata, int baselines, int rejected);
}
