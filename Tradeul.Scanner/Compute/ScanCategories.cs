using Tradeul.Shared.Market;

namespace Tradeul.Scanner.Compute;

/// <summary>The categories of DESIGN.md. Thresholds are inclusive: a value exactly at a threshold qualifies.</summary>
public static class ScanCategories
{
    private static bool AnyTradingSession(MarketSession session) => session != MarketSession.Closed;

    public static IReadOnlyList<ScanCategory> All { get; } =
    [
        new("gappers_up", AnyTradingSession,
            static (in TickerMetrics m, ScanThresholds t) => m.GapPercent >= t.GapPercent,
            static (in TickerMetrics m) => m.GapPercent, Descending: true),
        new("gappers_down", AnyTradingSession,
            static (in TickerMetrics m, ScanThresholds t) => m.GapPercent <= -t.GapPercent,
            static (in TickerMetrics m) => m.GapPercent, Descending: false),
        new("momentum_up", AnyTradingSession,
            static (in TickerMetrics m, ScanThresholds t) => m.FromHighPercent <= t.MomentumNearExtremePercent
                && m.ChangePercent >= t.MomentumMinChangePercent && m.VwapDistancePercent > 0
                && m.Rvol >= t.MomentumMinRvol && m.Volume >= t.MomentumMinVolume,
            static (in TickerMetrics m) => m.ChangePercent, Descending: true),
        new("momentum_down", AnyTradingSession,
            static (in TickerMetrics m, ScanThresholds t) => m.FromLowPercent <= t.MomentumNearExtremePercent
                && m.ChangePercent <= -t.MomentumMinChangePercent && m.VwapDistancePercent < 0
                && m.Rvol >= t.MomentumMinRvol && m.Volume >= t.MomentumMinVolume,
            static (in TickerMetrics m) => m.ChangePercent, Descending: false),
        new("winners", AnyTradingSession,
            static (in TickerMetrics m, ScanThresholds t) => m.ChangePercent >= t.WinnersMinChangePercent && m.Rvol >= t.WinnersMinRvol,
            static (in TickerMetrics m) => m.ChangePercent, Descending: true),
        new("losers", AnyTradingSession,
            static (in TickerMetrics m, ScanThresholds t) => m.ChangePercent <= -t.WinnersMinChangePercent && m.Rvol >= t.WinnersMinRvol,
            static (in TickerMetrics m) => m.ChangePercent, Descending: false),
        new("high_volume", AnyTradingSession,
            static (in TickerMetrics m, ScanThresholds t) => m.Rvol >= t.HighVolumeMinRvol,
            static (in TickerMetrics m) => m.Rvol, Descending: true),
        new("anomalies", AnyTradingSession,
            static (in TickerMetrics m, ScanThresholds t) => m.Rvol >= t.AnomalyMinRvol,
            static (in TickerMetrics m) => m.Rvol, Descending: true),
        new("new_highs", AnyTradingSession,
            static (in TickerMetrics m, ScanThresholds t) => m.FromHighPercent <= t.NewExtremeWithinPercent,
            static (in TickerMetrics m) => m.ChangePercent, Descending: true),
        new("new_lows", AnyTradingSession,
            static (in TickerMetrics m, ScanThresholds t) => m.FromLowPercent <= t.NewExtremeWithinPercent,
            static (in TickerMetrics m) => m.ChangePercent, Descending: false),
        new("post_market", static session => session == MarketSession.PostMarket,
            static (in TickerMetrics m, ScanThresholds t) => m.Volume >= t.PostMarketMinVolume && Math.Abs(m.ChangePercent) >= t.PostMarketMinChangePercent,
            static (in TickerMetrics m) => Math.Abs(m.ChangePercent), Descending: true),
    ];

    public static ScanCategory? Find(string name)
    {
        foreach (var category in All)
        {
            if (category.Name == name)
            {
                return category;
            }
        }
        return null;
    }
}
