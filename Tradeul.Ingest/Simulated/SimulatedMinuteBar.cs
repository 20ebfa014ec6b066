namespace Tradeul.Ingest.Simulated;

/// <summary>
/// A simulated ticker's latest minute bar, as Polygon's <c>min</c> reports it: the high and
/// low (USD) of the prices traded in the minute of the latest step. Minutes count from
/// 04:00 New York time; <c>High == 0</c> means no bar yet today.
/// </summary>
internal struct SimulatedMinuteBar
{
    public int Minute;
    public double High;
    public double Low;

    /// <summary>Adds the price a step reached at <paramref name="minutesIntoDay"/>; a step ending exactly on a minute traded in the minute before it.</summary>
    public void Record(double minutesIntoDay, double price)
    {
        var minute = (int)Math.Ceiling(minutesIntoDay) - 1;
        if (High == 0 || minute != Minute)
        {
            Minute = minute;
            High = Low = price;
            return;
        }
        High = Math.Max(High, price);
        Low = Math.Min(Low, price);
    }
}
