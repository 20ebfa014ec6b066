namespace Tradeul.Ingest.Simulated;

/// <summary>
/// A simulated ticker's latest minute bar, as Polygon's <c>min</c> reports it: the high and
/// low (USD) of the prices traded in the minute of the latest step, and the shares traded in
/// it with their value (USD x shares) for the minute's VWAP. Minutes count from 04:00 New York
/// time; <c>High == 0</c> means no bar yet today.
/// </summary>
internal struct SimulatedMinuteBar
{
    public int Minute;
    public double High;
    public double Low;
    public double Volume;
    public double PriceVolume;

    /// <summary>The minute's volume-weighted average price (USD, 4 decimals as Polygon's <c>min.vw</c>); 0 before any volume.</summary>
    public readonly double Vwap => Volume > 0 ? Math.Round(PriceVolume / Volume, 4) : 0;

    /// <summary>
    /// Adds a step that reached <paramref name="price"/> at <paramref name="minutesIntoDay"/> and
    /// traded <paramref name="shares"/> at it; a step ending exactly on a minute traded in the minute before it.
    /// </summary>
    public void Record(double minutesIntoDay, double price, double shares)
    {
        var minute = (int)Math.Ceiling(minutesIntoDay) - 1;
        if (High == 0 || minute != Minute)
        {
            Minute = minute;
            High = Low = price;
            Volume = shares;
            PriceVolume = shares * price;
            return;
        }
        High = Math.Max(High, price);
        Low = Math.Min(Low, price);
        Volume += shares;
        PriceVolume += shares * price;
    }
}
