using Tradeul.Shared.Market;

namespace Tradeul.Ingest.Providers;

/// <summary>A source of whole-market snapshots.</summary>
public interface IMarketDataProvider
{
    /// <summary>"simulated" or "polygon": reported by /api/ingest/stats and in telemetry.</summary>
    string Name { get; }

    /// <summary>
    /// One snapshot of the whole market. Throws on transport failures (retried by the caller's
    /// resilience pipeline); rows it cannot map are not thrown but counted in
    /// <see cref="ProviderSnapshot.Dropped"/> by reason.
    /// </summary>
    Task<ProviderSnapshot> FetchAsync(CancellationToken cancellationToken);
}

/// <param name="AsOf">The market time the snapshot describes (the simulated clock, or the fetch time).</param>
/// <param name="Dropped">Rows the provider could not map, by reason (e.g. "malformed_row").</param>
public sealed record ProviderSnapshot(DateTimeOffset AsOf, IReadOnlyList<MarketQuote> Quotes, IReadOnlyDictionary<string, int> Dropped);
