namespace Tradeul.Ingest.DayRecord;

/// <summary>
/// One symbol's day VWAP as Ingest's record of the day builds it from the provider's minute
/// bars, for the hours the provider's day bar gives none (Polygon's <c>day.vw</c> is zero all
/// pre-market). VWAP = sum(price x volume) / sum(volume) over the session's trades; Polygon's
/// <c>min.vw</c> is the VWAP of one minute's trades and <c>min.v</c> their shares, so summing
/// <c>min.vw x min.v</c> over the day's minutes gives the day's sum(price x volume).
/// <para>
/// Each minute (identified by its start, <c>min.t</c>) counts once, with its latest observed
/// values: a later observation of the same minute replaces its share, and when a newer minute
/// starts the previous one's last observation is final. The sums below therefore always equal
/// (completed minutes + the current minute's latest observation), and VWAP = <see cref="PriceVolume"/> / <see cref="Volume"/>.
/// </para>
/// <para>
/// An approximation: a minute's last observation may be up to one Ingest interval before the
/// minute closes, so trades in that tail are missed; a minute never observed (a pause between
/// snapshots longer than a minute but within <see cref="DayRecordOptions.MaxObservationGap"/>)
/// is missed whole. Whether the value can be trusted at all is the record's call
/// (<see cref="TradingDayRecord"/>), on the same rule as the day high and low.
/// </para>
/// Prices in USD, volumes in shares, <see cref="PriceVolume"/> in USD x shares.
/// </summary>
internal record struct RunningVwap
{
    /// <summary>
    /// The most shares a minute bar or a day may claim and still be counted: 10^12, a hundred
    /// times what the whole US market trades in a day, and small enough that the day's sums
    /// cannot overflow. Larger figures (a saturated parse) are not real volumes.
    /// </summary>
    public const long MaxShares = 1_000_000_000_000;

    /// <summary>Sum of minute VWAP x minute volume over the day's minutes so far (or the provider's anchor), current minute included.</summary>
    public double PriceVolume;

    /// <summary>Sum of minute volumes over the same minutes (shares).</summary>
    public long Volume;

    /// <summary>Start of the latest minute counted (Unix ms); 0 before any.</summary>
    public long MinuteStartUnixMs;

    /// <summary>That minute's VWAP x volume as last observed, already inside <see cref="PriceVolume"/>.</summary>
    public double MinutePriceVolume;

    /// <summary>That minute's volume as last observed, already inside <see cref="Volume"/>.</summary>
    public long MinuteVolume;

    /// <summary>The day VWAP so far (USD, rounded to 4 decimals as Polygon's <c>vw</c>); 0 when nothing has been counted.</summary>
    public readonly double Value => Volume > 0 && PriceVolume > 0 ? Math.Round(PriceVolume / Volume, 4) : 0;

    /// <summary>
    /// Counts one observation of a minute bar. An observation of a minute older than the
    /// latest one counted is a stale bar and changes nothing.
    /// </summary>
    /// <param name="startUnixMs">The minute bar's start (Polygon <c>min.t</c>).</param>
    /// <param name="vwap">Its VWAP (USD, &gt; 0).</param>
    /// <param name="volume">Its shares so far (1 to <see cref="MaxShares"/>).</param>
    public void Observe(long startUnixMs, double vwap, long volume)
    {
        if (startUnixMs < MinuteStartUnixMs)
        {
            return;
        }
        var priceVolume = vwap * volume;
        if (startUnixMs == MinuteStartUnixMs)
        {
            // The same minute seen again: its latest values replace what it counted for. A
            // provider correcting a minute down after an anchor cannot take the sums below zero.
            PriceVolume = Math.Max(0, PriceVolume + priceVolume - MinutePriceVolume);
            Volume = Math.Max(0, Volume + volume - MinuteVolume);
        }
        else
        {
            PriceVolume += priceVolume;
            Volume += volume;
        }
        MinuteStartUnixMs = startUnixMs;
        MinutePriceVolume = priceVolume;
        MinuteVolume = volume;
    }

    /// <summary>
    /// Takes the provider's day VWAP as the authority: the sums become <paramref name="vwap"/> x
    /// <paramref name="volume"/>. The minute last observed is taken to be inside that figure, so a
    /// later observation of it adds only what it traded since.
    /// </summary>
    /// <param name="vwap">The day bar's VWAP (USD, &gt; 0).</param>
    /// <param name="volume">The day's cumulative volume it is weighted by (shares, 1 to <see cref="MaxShares"/>).</param>
    public void Anchor(double vwap, long volume)
    {
        PriceVolume = vwap * volume;
        Volume = volume;
    }
}
