using Tradeul.Shared.Market;

namespace Tradeul.Scanner.Enrichment;

/// <summary>What the scanner knows of a ticker besides its quote; either part may be missing.</summary>
/// <param name="Baseline">Mean cumulative volume at the end of each RVOL slot; null when no baseline exists.</param>
public sealed record TickerEnrichment(TickerMetadata? Metadata, double[]? Baseline)
{
    public static readonly TickerEnrichment None = new(null, null);
}
