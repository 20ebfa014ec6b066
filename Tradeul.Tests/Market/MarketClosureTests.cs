using System.Globalization;
using Tradeul.Ingest.Simulated;
using Tradeul.Shared.Market;

namespace Tradeul.Tests.Market;

/// <summary>
/// One-off closures and early closes: the NYSE's own since 2001 (shipped), and days declared on
/// top of them. These tests install nothing process-wide; the configured path is in
/// <see cref="MarketCalendarConfigurationTests"/>.
/// </summary>
public sealed class MarketClosureTests
{
    private static DateOnly Day(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateTimeOffset NewYork(string date, string time) =>
        SimulatedClock.NewYorkTime(Day(date), TimeOnly.ParseExact(time, "HH:mm", CultureInfo.InvariantCulture));

    [Theory]
    [InlineData("2001-09-11", "2001-09-10", "2001-09-17", "September 11 attacks")]
    [InlineData("2001-09-12", "2001-09-10", "2001-09-17", "September 11 attacks")]
    [InlineData("2001-09-13", "2001-09-10", "2001-09-17", "September 11 attacks")]
    [InlineData("2001-09-14", "2001-09-10", "2001-09-17", "September 11 attacks")]
    [InlineData("2004-06-11", "2004-06-10", "2004-06-14", "National day of mourning for President Ronald Reagan")]
    [InlineData("2007-01-02", "2006-12-29", "2007-01-03", "National day of mourning for President Gerald Ford")]   // after New Year's Day
    [InlineData("2012-10-29", "2012-10-26", "2012-10-31", "Hurricane Sandy")]
    [InlineData("2012-10-30", "2012-10-26", "2012-10-31", "Hurricane Sandy")]
    [InlineData("2018-12-05", "2018-12-04", "2018-12-06", "National day of mourning for President George H. W. Bush")]
    [InlineData("2025-01-09", "2025-01-08", "2025-01-10", "National day of mourning for President Jimmy Carter")]
    public void Each_shipped_closure_is_closed_at_10_while_the_trading_days_around_it_open(string closed, string before, string after, string reason)
    {
        Assert.Equal(MarketSession.Closed, MarketCalendar.SessionAt(NewYork(closed, "10:00")));
        Assert.False(MarketCalendar.IsTradingDay(Day(closed)));
        Assert.True(MarketCalendar.IsClosure(Day(closed), out var why));
        Assert.Equal(reason, why);
        Assert.False(MarketCalendar.IsHoliday(Day(closed), out _));   // not a rule holiday: the 2026 list stays the NYSE's

        foreach (var open in new[] { before, after })
        {
            Assert.Equal(MarketSession.MarketOpen, MarketCalendar.SessionAt(NewYork(open, "10:00")));
            Assert.True(MarketCalendar.IsTradingDay(Day(open)));
            Assert.False(MarketCalendar.IsClosure(Day(open), out _));
        }
    }

    [Fact]
    public void The_shipped_closures_are_exactly_the_nyse_one_off_closures_since_2001()
    {
        string[] expected =
        [
            "2001-09-11", "2001-09-12", "2001-09-13", "2001-09-14", "2004-06-11", "2007-01-02",
            "2012-10-29", "2012-10-30", "2018-12-05", "2025-01-09",
        ];

        Assert.Equal(expected.Select(Day), NyseOneOffDays.Closures.Keys.Order());
        Assert.All(NyseOneOffDays.Closures, c => Assert.InRange(c.Key.DayOfWeek, DayOfWeek.Monday, DayOfWeek.Friday));
    }

    [Theory]
    // Christmas 2003 was a Thursday; the Friday after closed at 13:00 (one-off).
    [InlineData("2003-12-26", "12:59", MarketSession.MarketOpen)]
    [InlineData("2003-12-26", "13:00", MarketSession.PostMarket)]
    [InlineData("2003-12-26", "16:59", MarketSession.PostMarket)]
    [InlineData("2003-12-26", "17:00", MarketSession.Closed)]
    // July 4, 2002 was a Thursday: before 2013 the Friday after was the short day and the Wednesday traded in full.
    [InlineData("2002-07-03", "15:00", MarketSession.MarketOpen)]
    [InlineData("2002-07-03", "19:00", MarketSession.PostMarket)]
    [InlineData("2002-07-05", "13:30", MarketSession.PostMarket)]
    // From 2013 a Wednesday July 3 is the short day.
    [InlineData("2013-07-03", "13:30", MarketSession.PostMarket)]
    [InlineData("2024-07-03", "13:30", MarketSession.PostMarket)]
    [InlineData("2024-07-05", "15:00", MarketSession.MarketOpen)]
    public void Early_closes_since_2001_that_no_current_rule_gives(string date, string time, MarketSession expected)
    {
        Assert.Equal(expected, MarketCalendar.SessionAt(NewYork(date, time)));
    }

    [Theory]
    [InlineData("2003-12-26", "Day after Christmas")]
    [InlineData("2002-07-05", "Day after Independence Day")]
    [InlineData("2002-07-03", null)]
    [InlineData("2013-07-03", "Independence Day eve")]
    [InlineData("2024-07-05", null)]
    public void Early_close_names_since_2001(string date, string? expected)
    {
        Assert.Equal(expected is not null, MarketCalendar.IsEarlyClose(Day(date), out var name));
        Assert.Equal(expected, name);
    }

    [Fact]
    public void Declared_days_add_to_the_nyse_calendar_and_leave_it_unchanged()
    {
        var calendar = TradingCalendar.WithDeclared(
            [new(Day("2031-03-12"), "Snowstorm")],
            [
                new(Day("2031-03-13"), new MarketEarlyClose(new TimeOnly(13, 0), "Funeral procession")),
                new(Day("2031-03-14"), new MarketEarlyClose(new TimeOnly(14, 30), "Systems upgrade")),
                new(Day("2026-12-24"), new MarketEarlyClose(new TimeOnly(16, 0), "Full day after all")),
            ]);

        Assert.Equal(4, calendar.DeclaredDays);
        Assert.Equal(MarketSession.Closed, calendar.SessionAt(NewYork("2031-03-12", "10:00")));
        Assert.Equal(MarketSession.Closed, calendar.SessionAt(NewYork("2031-03-12", "05:00")));
        Assert.True(calendar.IsClosure(Day("2031-03-12"), out var reason));
        Assert.Equal("Snowstorm", reason);
        Assert.Equal(MarketSession.MarketOpen, calendar.SessionAt(NewYork("2031-03-11", "10:00")));
        // A 13:00 close ends the post-market at 17:00, a 14:30 one at 18:30.
        Assert.Equal(MarketSession.MarketOpen, calendar.SessionAt(NewYork("2031-03-13", "12:59")));
        Assert.Equal(MarketSession.PostMarket, calendar.SessionAt(NewYork("2031-03-13", "13:30")));
        Assert.Equal(MarketSession.Closed, calendar.SessionAt(NewYork("2031-03-13", "17:00")));
        Assert.Equal(MarketSession.MarketOpen, calendar.SessionAt(NewYork("2031-03-14", "14:29")));
        Assert.Equal(MarketSession.PostMarket, calendar.SessionAt(NewYork("2031-03-14", "18:29")));
        Assert.Equal(MarketSession.Closed, calendar.SessionAt(NewYork("2031-03-14", "18:30")));
        Assert.True(calendar.IsEarlyClose(Day("2031-03-14"), out reason));
        Assert.Equal("Systems upgrade", reason);
        // 16:00 cancels the rule's Christmas Eve early close.
        Assert.Equal(MarketSession.MarketOpen, calendar.SessionAt(NewYork("2026-12-24", "15:00")));
        Assert.False(calendar.IsEarlyClose(Day("2026-12-24"), out _));
        // The shipped days stand, and the process calendar knows nothing of these.
        Assert.Equal(MarketSession.Closed, calendar.SessionAt(NewYork("2025-01-09", "10:00")));
        Assert.Equal(MarketSession.MarketOpen, TradingCalendar.Nyse.SessionAt(NewYork("2031-03-12", "10:00")));
        Assert.Equal(MarketSession.PostMarket, TradingCalendar.Nyse.SessionAt(NewYork("2026-12-24", "13:30")));
    }
}
