namespace Tradeul.Shared.Market;

/// <summary>
/// NYSE full-day holidays and early closes (13:00, late trading to 17:00), computed by rule
/// for any year. One-off closures (a national day of mourning, a storm) are not predictable:
/// the known ones are in <see cref="NyseOneOffDays"/>, later ones are declared in configuration
/// (<see cref="MarketCalendarOptions"/>).
/// </summary>
public static class NyseHolidays
{
    public static string? NameOf(DateOnly date)
    {
        var year = date.Year;
        foreach (var (holiday, name) in For(year))
        {
            if (holiday == date)
            {
                return name;
            }
        }
        // New Year's Day of next year falling on a Saturday is not observed on Dec 31 (NYSE rule),
        // so next year's list cannot add a holiday to this one.
        return null;
    }

    /// <summary>
    /// The reason the market closes at 13:00 on <paramref name="date"/>, or null. The day after
    /// Thanksgiving always; July 3 and December 24 when they fall Monday to Thursday (on a
    /// Friday they are the observed holiday itself, on a weekend there is nothing to shorten).
    /// Until 2012 a Thursday July 4 shortened Friday July 5 instead of Wednesday July 3 (2002
    /// since 2001); from 2013 it is the Wednesday (NYSE closings history, as compiled in
    /// pandas_market_calendars <c>holidays/nyse.py</c>). One-off early closes are in
    /// <see cref="NyseOneOffDays"/>.
    /// </summary>
    public static string? EarlyCloseOf(DateOnly date)
    {
        if (date == NthWeekday(date.Year, 11, DayOfWeek.Thursday, 4).AddDays(1))
        {
            return "Day after Thanksgiving";
        }
        var weekdayBeforeFriday = date.DayOfWeek is >= DayOfWeek.Monday and <= DayOfWeek.Thursday;
        const int wednesdayEveSince = 2013;
        if (weekdayBeforeFriday && date.Month == 7 && date.Day == 3 &&
            (date.DayOfWeek != DayOfWeek.Wednesday || date.Year >= wednesdayEveSince))
        {
            return "Independence Day eve";
        }
        if (date.DayOfWeek == DayOfWeek.Friday && date.Month == 7 && date.Day == 5 && date.Year < wednesdayEveSince)
        {
            return "Day after Independence Day";
        }
        if (weekdayBeforeFriday && date.Month == 12 && date.Day == 24)
        {
            return "Christmas Eve";
        }
        return null;
    }

    public static IEnumerable<(DateOnly Date, string Name)> For(int year)
    {
        var newYear = new DateOnly(year, 1, 1);
        if (newYear.DayOfWeek != DayOfWeek.Saturday)
        {
            yield return (newYear.DayOfWeek == DayOfWeek.Sunday ? newYear.AddDays(1) : newYear, "New Year's Day");
        }
        yield return (NthWeekday(year, 1, DayOfWeek.Monday, 3), "Martin Luther King Jr. Day");
        yield return (NthWeekday(year, 2, DayOfWeek.Monday, 3), "Washington's Birthday");
        yield return (EasterSunday(year).AddDays(-2), "Good Friday");
        yield return (LastWeekday(year, 5, DayOfWeek.Monday), "Memorial Day");
        if (year >= 2022)
        {
            yield return (Observed(new DateOnly(year, 6, 19)), "Juneteenth National Independence Day");
        }
        yield return (Observed(new DateOnly(year, 7, 4)), "Independence Day");
        yield return (NthWeekday(year, 9, DayOfWeek.Monday, 1), "Labor Day");
        yield return (NthWeekday(year, 11, DayOfWeek.Thursday, 4), "Thanksgiving Day");
        yield return (Observed(new DateOnly(year, 12, 25)), "Christmas Day");
    }

    /// <summary>Saturday holidays are observed the Friday before, Sunday ones the Monday after.</summary>
    private static DateOnly Observed(DateOnly date) => date.DayOfWeek switch
    {
        DayOfWeek.Saturday => date.AddDays(-1),
        DayOfWeek.Sunday => date.AddDays(1),
        _ => date,
    };

    private static DateOnly NthWeekday(int year, int month, DayOfWeek day, int n)
    {
        var first = new DateOnly(year, month, 1);
        var offset = ((int)day - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(offset + 7 * (n - 1));
    }

    private static DateOnly LastWeekday(int year, int month, DayOfWeek day)
    {
        var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        return last.AddDays(-(((int)last.DayOfWeek - (int)day + 7) % 7));
    }

    /// <summary>Western Easter by the anonymous Gregorian algorithm (Meeus/Jones/Butcher).</summary>
    public static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = (19 * a + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + 2 * e + 2 * i - h - k) % 7;
        var m = (a + 11 * h + 22 * l) / 451;
        var month = (h + l - 7 * m + 114) / 31;
        var day = (h + l - 7 * m + 114) % 31 + 1;
        return new DateOnly(year, month, day);
    }
}
