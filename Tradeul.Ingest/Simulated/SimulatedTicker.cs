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
