using Microsoft.Extensions.Diagnostics.HealthChecks;
using Tradeul.Shared.Hosting;

namespace Tradeul.Scanner.Enrichment;

/// <summary>
/// Degraded until the first good enrichment load: until then every row lacks RVOL, name and
/// sector, and the categories that need RVOL (momentum, winners, losers, high volume,
/// anomalies) stay empty, although each scan cycle itself succeeds. The reason is the refresh
/// loop's last error (an empty Redis, a timeout). After the first load a failed refresh keeps
/// the last good table, so this check stays healthy; a refresh that keeps failing shows in
/// <see cref="LoopHealthCheck"/>.
/// </summary>
public sealed class EnrichmentHealthCheck(EnrichmentCache cache, LoopMonitor monitor) : IHealthCheck
{
    public const string Name = "scanner-enrichment";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["tickers"] = cache.Count,
            ["with_metadata"] = cache.WithMetadata,
            ["with_baseline"] = cache.WithBaseline,
        };
        if (cache.IsLoaded)
        {
            return Task.FromResult(HealthCheckResult.Healthy(data: data));
        }
        var reason = monitor.Find(EnrichmentRefreshLoop.LoopName)?.LastError ?? "the first load has not finished";
        return Task.FromResult(HealthCheckResult.Degraded($"Enrichment not loaded: {reason}", data: data));
    }
}
