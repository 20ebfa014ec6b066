using Tradeul.Shared.Market;

namespace Tradeul.Ingest.Simulated;

/// <summary>Market time that runs <c>SpeedFactor</c> times faster than the host's clock.</summary>
public sealed class SimulatedClock(TimeProvider time, DateTimeOffset start, double speedFactor)
{
    private readonly DateTimeOffset _realStart = time.GetUtcNow();

    public DateTimeOffset Start { get; } = start;

    public DateTimeOffset Now => Start + (time.GetUtcNow() - _realStart) * speedFactor;

    /// <summary>The default start: now when a trading day's extended session is on, else 09:25 of the latest trading day.</summary>
    public static DateTimeOffset DefaultStart(DateTimeOffset now)
    {
        var date = MarketCalendar.TradingDate(now);
        var timeOfDay = MarketCalendar.SessionOffset(now);
        if (MarketCalendar.SessionAt(now) != MarketSession.Closed)
        {
            return now;
        }
        if (timeOfDay < TimeSpan.FromHours(4) || !MarketCalendar.IsTradingDay(date))
        {
            date = date.AddDays(-1);
        }
        while (!MarketCalendar.IsTradingDay(date))
        {
            date = date.AddDays(-1);
        }
        return NewYorkTime(date, new TimeOnly(9, 25));
    }

    public static DateTimeOffset NewYorkTime(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time);
        return new DateTimeOffset(local, MarketCalendar.NewYork.GetUtcOffset(local));
    }
}
