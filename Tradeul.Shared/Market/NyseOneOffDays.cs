using System.Collections.Frozen;

namespace Tradeul.Shared.Market;

/// <summary>
/// The NYSE's unscheduled full-day closures and early closes since 2001: days no holiday rule
/// predicts (a national day of mourning, an attack, a storm). Dates are New York calendar
/// dates. Sources: the NYSE's announcements of each day as reported at the time, and the
/// exchange's closings history as compiled in pandas_market_calendars
/// (<c>pandas_market_calendars/holidays/nyse.py</c>, from the NYSE's "Stocks.NYSE-Closings" list).
/// Outages that cut a session short after the fact (2005-06-01 at 15:56, a systems problem) and
/// late opens for a moment of silence (e.g. 2001-09-17, 09:33) are not calendar decisions and are
/// not listed. Closures declared later go in configuration (<c>Market:Closures</c>) until a
/// release adds them here.
/// </summary>
public static class NyseOneOffDays
{
    /// <summary>Full-day closures: date -> reason.</summary>
    public static FrozenDictionary<DateOnly, string> Closures { get; } = new Dictionary<DateOnly, string>
    {
        // Trading did not open on the 11th and resumed Monday 2001-09-17.
        [new(2001, 9, 11)] = "September 11 attacks",
        [new(2001, 9, 12)] = "September 11 attacks",
        [new(2001, 9, 13)] = "September 11 attacks",
        [new(2001, 9, 14)] = "September 11 attacks",
        // Presidential proclamation of a national day of mourning; the NYSE and Nasdaq closed.
        [new(2004, 6, 11)] = "National day of mourning for President Ronald Reagan",
        [new(2007, 1, 2)] = "National day of mourning for President Gerald Ford",
        // Closed two days as the storm hit New York; reopened Wednesday 2012-10-31.
        [new(2012, 10, 29)] = "Hurricane Sandy",
        [new(2012, 10, 30)] = "Hurricane Sandy",
        [new(2018, 12, 5)] = "National day of mourning for President George H. W. Bush",
        // Announced by NYSE Group and Nasdaq on 2024-12-30 for the day President Biden proclaimed.
        [new(2025, 1, 9)] = "National day of mourning for President Jimmy Carter",
    }.ToFrozenDictionary();

    /// <summary>
    /// Early closes no rule in <see cref="NyseHolidays"/> gives: date -> regular-session close
    /// (New York time) and reason. The late session ran to 17:00 as on every 13:00 close.
    /// </summary>
    public static FrozenDictionary<DateOnly, MarketEarlyClose> EarlyCloses { get; } = new Dictionary<DateOnly, MarketEarlyClose>
    {
        // Christmas 2003 was a Thursday; the NYSE closed at 13:00 on Friday the 26th (as in 1997).
        [new(2003, 12, 26)] = new(new TimeOnly(13, 0), "Day after Christmas"),
    }.ToFrozenDictionary();
}
