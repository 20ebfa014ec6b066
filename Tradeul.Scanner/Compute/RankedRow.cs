using Tradeul.Scanner.Enrichment;
using Tradeul.Shared.Market;

namespace Tradeul.Scanner.Compute;

/// <summary>
/// One ticker in a ranking, as published. Its rank is its position, not a field, so a
/// ticker that merely moves costs a move in a delta, not an update. Values are rounded
/// to what a trader reads, which also keeps unchanged rows byte-identical between cycles.
/// </summary>
public readonly record struct RankedRow(
    string Symbol,
    double Price,
    double ChangePercent,
    double GapPercent,
    double ChangeFromOpenPercent,
    long Volume,
    double Rvol,
    double VwapDistancePercent,
    double FromHighPercent,
    double FromLowPercent,
    double FloatRotation,
    double Score,
    string? Name,
    string? Sector,
    decimal? MarketCap)
{
    /// <summary>New shares per old share of a split executing today that adjusted this row's previous close and RVOL baseline (0.04 for 1-for-25); 0 when none.</summary>
    public double SplitRatio { get; init; }

    /// <summary>True when the row looks like an unadjusted split nothing explains: its change and gap are withheld.</summary>
    public bool SplitUnresolved { get; init; }

    public static RankedRow From(in MarketQuote quote, in TickerMetrics m, TickerEnrichment enrichment) => new(
        quote.Symbol,
        Math.Round(m.Price, 4),
        Math.Round(m.ChangePercent, 2),
        Math.Round(m.GapPercent, 2),
        Math.Round(m.ChangeFromOpenPercent, 2),
        m.Volume,
        Math.Round(m.Rvol, 2),
        Math.Round(m.VwapDistancePercent, 2),
        Math.Round(m.FromHighPercent, 2),
        Math.Round(m.FromLowPercent, 2),
        Math.Round(m.FloatRotation, 4),
        Math.Round(m.Score, 2),
        enrichment.Metadata?.Name,
        enrichment.Metadata?.Sector,
        enrichment.Metadata?.MarketCap)
    {
        SplitRatio = quote.SplitRatio,
        SplitUnresolved = (quote.Flags & QuoteFlags.SplitUnresolved) != 0,
    };
}
