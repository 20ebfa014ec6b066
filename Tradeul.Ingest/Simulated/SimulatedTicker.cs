namespace Tradeul.Ingest.Simulated;

/// <summary>One simulated ticker: fixed traits, today's plan, and where its day stands.</summary>
internal struct SimulatedTicker
{
    // Traits, fixed for the run.
    public string Symbol;
    public double AverageDailyVolume;
    public double DailyVolatility;
    public double SharesOutstanding;
    public SplitMix Random;

    // Today's plan, drawn when the day starts.
    public double PrevClose;
    public double GapLogReturn;
    public double DriftLogReturn;
    public double Activity;
    public double BurstStartMinute;
    public double BurstEndMinute;
    public double BurstLogReturn;
    public double BurstVolumeMultiplier;

    // Today's split (SimulatedSplitPlan): new shares per old share, 0 when none. PrevClose is
    // then the split-adjusted anchor of the price path, while quotes carry the unadjusted
    // previous close, as Polygon's prevDay does on an ex-date.
    public double SplitRatio;
    public double UnadjustedPrevClose;

    // The day so far.
    public double Price;
    public double Open;
    public double High;
    public double Low;
    public double Close;
    public double CumulativeVolume;
    public double RegularVolume;
    public double PriceVolumeSum;
    public SimulatedMinuteBar MinuteBar;

    public readonly bool HasBurst => BurstEndMinute > BurstStartMinute;
}
