using Tradeul.Shared.Market;

namespace Tradeul.Scanner.Compute;

/// <summary>One ranking: who qualifies, in which sessions, and by what it is ordered.</summary>
public sealed record ScanCategory(
    string Name,
    Func<MarketSession, bool> InSession,
    ScanCategory.Qualifies Test,
    ScanCategory.Key SortKey,
    bool Descending)
{
    public delegate bool Qualifies(in TickerMetrics metrics, ScanThresholds thresholds);

    /// <summary>
    /// The value the category ranks by. It gets the session because some keys depend on it (before
    /// the open there is no opening print to measure a move from). NaN leaves the ticker unranked.
    /// </summary>
    public delegate double Key(in TickerMetrics metrics, MarketSession session);
}
