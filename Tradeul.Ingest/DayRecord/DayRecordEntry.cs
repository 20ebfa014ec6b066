namespace Tradeul.Ingest.DayRecord;

/// <summary>
/// One symbol's trading day as the platform has seen it. Prices in USD, volume in shares;
/// 0 means not seen yet. Mutable on purpose: one per symbol, updated every cycle.
/// </summary>
internal sealed class DayRecordEntry
{
    /// <summary>The regular session's opening price (09:30 ET or the first trade after it); 0 before it or when not seen.</summary>
    public double Open;

    /// <summary>Highest price seen today, extended hours included.</summary>
    public double High;

    /// <summary>Lowest price seen today, extended hours included.</summary>
    public double Low;

    /// <summary>Largest cumulative day volume seen today (day bar <c>v</c> or minute bar <c>av</c>).</summary>
    public long Volume;

    /// <summary>
    /// The observation epoch from which the record has had this symbol's whole day in view
    /// (<see cref="TradingDayRecord"/> says when); -1 when it never had.
    /// </summary>
    public int KnownEpoch = -1;

    /// <summary>The day VWAP built from minute bars (<see cref="RunningVwap"/>).</summary>
    public RunningVwap Vwap;

    /// <summary>
    /// As <see cref="KnownEpoch"/>, for <see cref="Vwap"/>: the epoch from which the record has
    /// counted every minute since 04:00 ET or since the provider's last day VWAP; -1 when never.
    /// </summary>
    public int VwapKnownEpoch = -1;

    /// <summary>The last cycle that observed this symbol, so a duplicate row in one snapshot is observed once.</summary>
    public long LastCycle = -1;

    /// <summary>As-of (Unix ms) of the last snapshot that had this symbol; -1 before the first since start or reload.</summary>
    public long LastSeenUnixMs = -1;
}

/// <summary>One entry as it is kept in Redis: the epoch bookkeeping reduced to whether the extremes (and the VWAP) are known.</summary>
internal readonly record struct DayRecordEntryState(string Symbol, double Open, double High, double Low, long Volume, bool Known, RunningVwap Vwap = default, bool VwapKnown = false);
