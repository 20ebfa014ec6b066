namespace Tradeul.Shared.Market;

/// <summary>
/// One ticker in a whole-market snapshot, as every provider delivers it. The day bar is
/// kept raw (zero = not given, as Polygon reports it before the open), so Ingest's record of
/// the day can fill what is missing and the validator can tell an empty bar from a real one.
/// </summary>
/// <param name="Price">Last trade price (Polygon lastTrade.p, else min.c, else day.c).</param>
/// <param name="PrevClose">Previous session's close.</param>
/// <param name="Open">Day bar open (0 before the regular open, or not given); in snapshots:raw Ingest's record fills a zero.</param>
/// <param name="High">Day high including extended hours (0 when unknown). From a provider: its day bar as sent;
/// in snapshots:raw: the highest of that bar and Ingest's own record of the day, 0 when nobody knows it.</param>
/// <param name="Low">Day low including extended hours (0 when unknown), as <paramref name="High"/>.</param>
/// <param name="Close">Day bar close (0 when unknown).</param>
/// <param name="Volume">Day volume of the day bar (shares; 0 = not given); in snapshots:raw Ingest's record fills a zero.</param>
/// <param name="Vwap">Day volume-weighted average price (USD; 0 when unknown). From a provider: its day bar's
/// (Polygon day.vw, zero before the open); in snapshots:raw Ingest's running VWAP from minute bars fills a zero.</param>
/// <param name="AccumulatedVolume">Today's cumulative volume including pre-market (Polygon min.av); 0 when unknown.</param>
/// <param name="UpdatedUnixMs">Provider's last update time of this ticker.</param>
/// <param name="Bid">Last bid (0 when unknown).</param>
/// <param name="Ask">Last ask (0 when unknown).</param>
public readonly record struct MarketQuote(
    string Symbol,
    double Price,
    double PrevClose,
    double Open,
    double High,
    double Low,
    double Close,
    long Volume,
    double Vwap,
    long AccumulatedVolume,
    long UpdatedUnixMs,
    double Bid,
    double Ask)
{
    /// <summary>What Ingest did to or found about this row (split adjusted or unresolved); <see cref="QuoteFlags.None"/> from providers.</summary>
    public QuoteFlags Flags { get; init; }

    /// <summary>
    /// New shares per old share of the split applied to <see cref="PrevClose"/> today (0.04 for a
    /// 1-for-25 reverse split, 2 for a 2-for-1); 0 when none was applied.
    /// </summary>
    public double SplitRatio { get; init; }

    /// <summary>Cumulative volume so far today, whichever source knows more.</summary>
    public long TodayVolume => Math.Max(Volume, AccumulatedVolume);

    public bool DayBarIsEmpty => Open == 0 && High == 0 && Low == 0 && Close == 0 && Volume == 0;

    /// <summary>High of the provider's latest minute bar (USD; Polygon min.h), 0 when none. Feeds Ingest's record of the day; not written to snapshots:raw.</summary>
    public double MinuteHigh { get; init; }

    /// <summary>Low of the provider's latest minute bar (USD; Polygon min.l), 0 when none. Not written to snapshots:raw.</summary>
    public double MinuteLow { get; init; }

    /// <summary>Start of that minute bar (Unix ms; Polygon min.t), 0 when not given: tells today's bar from a stale one. Not written to snapshots:raw.</summary>
    public long MinuteStartUnixMs { get; init; }

    /// <summary>VWAP of the provider's latest minute bar (USD; Polygon min.vw), 0 when none. Feeds Ingest's running day VWAP; not written to snapshots:raw.</summary>
    public double MinuteVwap { get; init; }

    /// <summary>Shares traded in that minute bar so far (Polygon min.v, rounded), 0 when none. Not written to snapshots:raw.</summary>
    public long MinuteVolume { get; init; }
}
