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

    public delegate double Key(in TickerMetrics metrics);
}
