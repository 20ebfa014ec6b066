using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tradeul.Shared.Hosting;

namespace Tradeul.Scanner.Enrichment;

/// <summary>Reloads the enrichment table at start and every <c>Scanner:EnrichmentRefreshInterval</c>.</summary>
public sealed partial class EnrichmentRefreshLoop(
    EnrichmentLoader loader,
    EnrichmentCache cache,
    IOptions<ScannerOptions> options,
    LoopMonitor monitor,
    TimeProvider time,
    ILogger<EnrichmentRefreshLoop> logger) : BackgroundService
{
    public const string LoopName = "scanner-enrichment";

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicLoop.RunAsync(monitor.Register(LoopName), options.Value.EnrichmentRefreshInterval, time, RefreshAsync, logger, stoppingToken);

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var (table, rejected) = await loader.LoadAsync(cancellationToken).ConfigureAwait(false);
        cache.Replace(table);
        LogLoaded(logger, table.Count, cache.WithMetadata, cache.WithBaseline, rejected);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Enrichment loaded for {Tickers} tickers ({Metadata} with metadata, {Baselines} with RVOL baselines, {Rejected} keys rejected).")]
    private static partial void LogLoaded(ILogger logger, int tickers, int metadata, int baselines, int rejected);
}
