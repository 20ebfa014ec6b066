namespace Tradeul.Shared.Market;

/// <summary>
/// Which trading day an instant belongs to, for state that lives for one day (Ingest's record
/// of the day). A trading day starts at 04:00 New York time (the pre-market open) on a day
/// <see cref="MarketCalendar.IsTradingDay"/> accepts and lasts until 04:00 of the next one,
/// so its post-market, the night and a weekend or holiday after it all belong to it.
/// </summary>
public static class TradingDay
{
    /// <summary>04:00 New York time: the pre-market opens and a new trading day begins.</summary>
    public static readonly TimeOnly StartTime = new(4, 0);

    /// <summary>09:30 New York time: the regular session's opening print is the day's open.</summary>
    public static readonly TimeOnly RegularOpenTime = new(9, 30);

    // Weekends and the longest closures on record (two days for Hurricane Sandy next to a
    // weekend) are far shorter; more means the calendar is broken.
    private const int MaxDaysBack = 14;

    /// <summary>The latest trading date whose 04:00 New York time is at or before <paramref name="instant"/>.</summary>
    /// <exception cref="InvalidOperationException">The calendar has no trading day in the two weeks before the instant.</exception>
    public static DateOnly Of(DateTimeOffset instant)
    {
        var date = MarketCalendar.TradingDate(instant);
        if (MarketCalendar.SessionOffset(instant) < StartTime.ToTimeSpan())
        {
            date = date.AddDays(-1);
        }
        for (var back = 0; back <= MaxDaysBack; back++, date = date.AddDays(-1))
        {
            if (MarketCalendar.IsTradingDay(date))
            {
                return date;
            }
        }
        throw new InvalidOperationException($"No trading day in the {MaxDaysBack} days before {instant:O}; the market calendar is wrong.");
    }

    /// <summary>04:00 New York time of <paramref name="date"/>, as an instant.</summary>
    public static DateTimeOffset StartOf(DateOnly date) => NewYorkTime(date, StartTime);

    /// <summary>09:30 New York time of <paramref name="date"/>, as an instant.</summary>
    public static DateTimeOffset RegularOpenOf(DateOnly date) => NewYorkTime(date, RegularOpenTime);

    private static DateTimeOffset NewYorkTime(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time);
        return new DateTimeOffset(local, MarketCalendar.NewYork.GetUtcOffset(local));
    }

    /// <summary>yyyy-MM-dd whatever the culture, as keys, logs and the stats JSON show a trading date.</summary>
    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
