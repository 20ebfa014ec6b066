using Tradeul.Scanner.Enrichment;
using Tradeul.Shared.Market;

namespace Tradeul.Scanner.Compute;

/// <summary>The per-ticker formulas of DESIGN.md ("Market model"). Pure and allocation-free.</summary>
public static class MetricsCalculator
{
    public static void Compute(in MarketQuote quote, MarketSession session, double minutesIntoDay, TickerEnrichment enrichment, ScanThresholds filters, ref TickerMetrics m)
    {
        var price = quote.Price;
        m.Price = price;
        m.Volume = quote.TodayVolume;
        m.DollarVolume = m.Volume * price;
        m.ChangePercent = PercentChange(price, quote.PrevClose);
        // Before the open there is no opening print: the pre-market price stands in for it.
        m.GapPercent = session == MarketSession.PreMarket
            ? PercentChange(price, quote.PrevClose)
            : quote.Open > 0 ? PercentChange(quote.Open, quote.PrevClose) : double.NaN;
        m.ChangeFromOpenPercent = quote.Open > 0 ? PercentChange(price, quote.Open) : double.NaN;

        // 0 is a day high or low nobody knows (Ingest's record of the day could not tell): the
        // distance is unknown too, never "at the extreme", or every such ticker would be a
        // new high and a new low at once (issue 11, case 02b).
        var high = quote.High > 0 ? Math.Max(quote.High, price) : double.NaN;
        var low = quote.Low > 0 ? Math.Min(quote.Low, price) : double.NaN;
        m.FromHighPercent = (high - price) / high * 100;
        m.FromLowPercent = (price - low) / low * 100;
        m.VwapDistancePercent = quote.Vwap > 0 ? PercentChange(price, quote.Vwap) : double.NaN;
        m.Rvol = Rvol(m.Volume, enrichment.Baseline, minutesIntoDay, quote.SplitRatio);
        var floatShares = enrichment.Metadata?.FloatShares;
        m.FloatRotation = floatShares > 0 ? m.Volume / (double)floatShares.Value : double.NaN;
        if ((quote.Flags & QuoteFlags.SplitUnresolved) != 0)
        {
            // The previous close may be on the pre-split share count: a change or gap from it
            // would rank a split as a +2000 % mover, so neither exists for this row.
            m.ChangePercent = m.GapPercent = double.NaN;
        }
        m.Score = Score(m.ChangePercent, m.GapPercent, m.Rvol);
        m.PassesFilters = price >= filters.MinPrice && price <= filters.MaxPrice
            && m.Volume >= filters.MinVolume && m.DollarVolume >= filters.MinDollarVolume;
    }

    /// <summary>
    /// The move now, in percent: change from the open; before the open (and for a name with no
    /// opening print yet) the distance from VWAP, the day's average traded price so far.
    /// </summary>
    public static double MovePercent(in TickerMetrics m, MarketSession session) =>
        session == MarketSession.PreMarket || double.IsNaN(m.ChangeFromOpenPercent) ? m.VwapDistancePercent : m.ChangeFromOpenPercent;

    public static double PercentChange(double value, double reference) =>
        reference > 0 ? (value - reference) / reference * 100 : double.NaN;

    /// <summary>
    /// Today's cumulative volume over the mean cumulative volume at the same time of day.
    /// The baseline holds values at slot ends; interpolating inside the slot keeps RVOL from
    /// jumping every five minutes. The baseline counts shares before any split executing today;
    /// <paramref name="splitRatio"/> (new shares per old share, 0 = none) restates it in today's shares.
    /// </summary>
    public static double Rvol(long volume, double[]? baseline, double minutesIntoDay, double splitRatio = 0)
    {
        if (baseline is null)
        {
            return double.NaN;
        }
        var (slot, fraction) = RvolSlots.Locate(minutesIntoDay);
        var before = slot == 0 ? 0 : baseline[slot - 1];
        var expected = (before + (baseline[slot] - before) * fraction) * (splitRatio > 0 ? splitRatio : 1);
        return expected > 0 ? volume / expected : double.NaN;
    }

    /// <summary>
    /// Ordering of <c>scanner:filtered_complete</c>: how far a ticker moved, boosted by how
    /// unusually it trades. Unknown parts count as zero.
    /// </summary>
    public static double Score(double changePercent, double gapPercent, double rvol) =>
        Abs(changePercent) + 0.5 * Abs(gapPercent) + 2 * (double.IsNaN(rvol) ? 0 : Math.Min(rvol, 10));

    private static double Abs(double value) => double.IsNaN(value) ? 0 : Math.Abs(value);
}
