using Tradeul.Shared.Market;

namespace Tradeul.Scanner.Compute;

/// <summary>
/// The categories of DESIGN.md. Thresholds are inclusive: a value exactly at a threshold qualifies.
/// Each category ranks by its own key (README, "Categories"), so two lists coincide only when the
/// market makes them: ranking new highs by change % made them the pre-market gappers (before the
/// open change and gap are the same number), and ranking high volume and anomalies both by RVOL
/// made them one list whenever 100 names had RVOL 3 (issue 11).
/// </summary>
public static class ScanCategories
{
    private static bool AnyTradingSession(MarketSession session) => session != MarketSession.Closed;

    /// <summary>Sessions with an opening print to measure from: regular and post-market.</summary>
    private static bool AfterTheOpen(MarketSession session) => session is MarketSession.MarketOpen or MarketSession.PostMarket;

    /// <summary>
    /// RVOL at or above <paramref name="minRvol"/> with at least <c>RvolMinVolume</c> shares behind it:
    /// a name that traded 8,534 shares against a tiny baseline topped high_volume (issue 11).
    /// </summary>
    private static bool UnusualVolume(in TickerMetrics m, double minRvol, ScanThresholds t) =>
        m.Rvol >= minRvol && m.Volume >= t.RvolMinVolume;

    public static IReadOnlyList<ScanCategory> All { get; } =
    [
        new("gappers_up", AnyTradingSession,
            static (in TickerMetrics m, ScanThresholds t) => m.GapPercent >= t.GapPercent,
            static (in TickerMetrics m, MarketSession _) => m.GapPercent, Descending: true),
        new("gappers_down", AnyTradingSession,
            static (in TickerMetrics m, ScanThresholds t) => m.GapPercent <= -t.GapPercent,
            static (in TickerMetrics m, MarketSession _) => m.GapPercent, Descending: false),
        new("momentum_up", AnyTradingSession,
            static (in TickerMetrics m, ScanThresholds t) => m.FromHighPercent <= t.MomentumNearExtremePercent
                && m.ChangePercent >= t.MomentumMinChangePercent && m.VwapDistancePercent > 0
                && UnusualVolume(m, t.MomentumMinRvol, t) && m.Volume >= t.MomentumMinVolume,
            static (in TickerMetrics m, MarketSession session) => MetricsCalculator.MovePercent(m, session), Descending: true),
        new("momentum_down", AnyTradingSession,
            static (in TickerMetrics m, ScanThresholds t) => m.FromLowPercent <= t.MomentumNearExtremePercent
                && m.ChangePercent <= -t.MomentumMinChangePercent && m.VwapDistancePercent < 0
                && UnusualVolume(m, t.MomentumMinRvol, t) && m.Volume >= t.MomentumMinVolume,
            static (in TickerMetrics m, MarketSession session) => MetricsCalculator.MovePercent(m, session), Descending: false),
        new("winners", AnyTradingSession,
            static (in TickerMetrics m, ScanThresholds t) => m.ChangePercent >= t.WinnersMinChangePercent && UnusualVolume(m, t.WinnersMinRvol, t),
            static (in TickerMetrics m, MarketSession _) => m.ChangePercent, Descending: true),
        new("losers", AnyTradingSession,
            static (in TickerMetrics m, ScanThresholds t) => m.ChangePercent <= -t.WinnersMinChangePercent && UnusualVolume(m, t.WinnersMinRvol, t),
            static (in TickerMetrics m, MarketSession _) => m.ChangePercent, Descending: false),
        new("high_volume", AnyTradingSession,
            static (in TickerMetrics m, ScanThresholds t) => UnusualVolume(m, t.HighVolumeMinRvol, t),
            static (in TickerMetrics m, MarketSession _) => m.Volume, Descending: true),
        new("anomalies", AnyTradingSession,
            static (in TickerMetrics m, ScanThresholds t) => UnusualVolume(m, t.AnomalyMinRvol, t),
            static (in TickerMetrics m, MarketSession _) => m.Rvol, Descending: true),
        new("new_highs", AnyTradingSession,
            static (in TickerMetrics m, ScanThresholds t) => m.FromHighPercent <= t.NewExtremeWithinPercent,
            static (in TickerMetrics m, MarketSession _) => m.Volume, Descending: true),
        new("new_lows", AnyTradingSession,
            static (in TickerMetrics m, ScanThresholds t) => m.FromLowPercent <= t.NewExtremeWithinPercent,
            static (in TickerMetrics m, MarketSession _) => m.Volume, Descending: true),
        // Gapped one way, now trading the other way from the open: a gap fading or a gap-down bouncing.
        new("reversals", AfterTheOpen,
            static (in TickerMetrics m, ScanThresholds t) =>
                (m.GapPercent >= t.GapPercent && m.ChangeFromOpenPercent <= -t.ReversalMinFromOpenPercent)
                || (m.GapPercent <= -t.GapPercent && m.ChangeFromOpenPercent >= t.ReversalMinFromOpenPercent),
            static (in TickerMetrics m, MarketSession _) => Math.Abs(m.ChangeFromOpenPercent), Descending: true),
        new("post_market", static session => session == MarketSession.PostMarket,
            static (in TickerMetrics m, ScanThresholds t) => m.Volume >= t.PostMarketMinVolume && Math.Abs(m.ChangePercent) >= t.PostMarketMinChangePercent,
            static (in TickerMetrics m, MarketSession _) => Math.Abs(m.ChangePercent), Descending: true),
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
