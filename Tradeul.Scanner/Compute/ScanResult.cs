using Tradeul.Shared.Market;

namespace Tradeul.Scanner.Compute;

public sealed record CategoryRanking(string Name, RankedRow[] Rows);

/// <summary>Everything one cycle computed from one market snapshot.</summary>
/// <param name="Categories">Every category in catalogue order; empty when inactive in <paramref name="Session"/>.</param>
/// <param name="Filtered">Tickers that passed the filters, best score first, capped.</param>
public sealed record ScanResult(
    long SnapshotSequence,
    DateTimeOffset AsOf,
    MarketSession Session,
    int TickersIn,
    int TickersOut,
    IReadOnlyList<CategoryRanking> Categories,
    RankedRow[] Filtered);
