using System.Globalization;
using Tradeul.Shared.Market;

namespace Tradeul.Tests.Market;

/// <summary>
/// Session boundaries and NYSE holidays. Instants are written in UTC on purpose: the point is
/// that the calendar converts them to New York time, including across DST changes.
/// </summary>
public sealed class MarketCalendarTests
{
    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.None);

    private static DateOnly Day(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void AssertSession(string instant, string localDate, string localTime, MarketSession expected)
    {
        var at = At(instant);
        Assert.Equal(Day(localDate), MarketCalendar.TradingDate(at));
        Assert.Equal(TimeSpan.Parse(localTime, CultureInfo.InvariantCulture), MarketCalendar.SessionOffset(at));
        Assert.Equal(expected, MarketCalendar.SessionAt(at));
    }

    [Theory]
    // Tuesday 2026-11-24, EST = UTC-5.
    [InlineData("2026-11-24T05:00:00Z", "2026-11-24", "00:00:00", MarketSession.Closed)]
    [InlineData("2026-11-24T08:59:59Z", "2026-11-24", "03:59:59", MarketSession.Closed)]
    [InlineData("2026-11-24T09:00:00Z", "2026-11-24", "04:00:00", MarketSession.PreMarket)]
    [InlineData("2026-11-24T14:29:59Z", "2026-11-24", "09:29:59", MarketSession.PreMarket)]
    [InlineData("2026-11-24T14:30:00Z", "2026-11-24", "09:30:00", MarketSession.MarketOpen)]
    [InlineData("2026-11-24T20:59:59Z", "2026-11-24", "15:59:59", MarketSession.MarketOpen)]
    [InlineData("2026-11-24T21:00:00Z", "2026-11-24", "16:00:00", MarketSession.PostMarket)]
    [InlineData("2026-11-25T00:59:59Z", "2026-11-24", "19:59:59", MarketSession.PostMarket)]
    [InlineData("2026-11-25T01:00:00Z", "2026-11-24", "20:00:00", MarketSession.Closed)]
    public void Weekday_sessions_start_and_end_on_new_york_time(string instant, string localDate, string localTime, MarketSession expected) =>
        AssertSession(instant, localDate, localTime, expected);

    [Theory]
    [InlineData("2026-11-24T15:30:00+01:00", MarketSession.MarketOpen)]  // 14:30Z = 09:30 New York
    [InlineData("2026-11-24T09:29:59-05:00", MarketSession.PreMarket)]
    [InlineData("2026-11-25T10:00:00+09:00", MarketSession.Closed)]      // 01:00Z = 20:00 New York
    [InlineData("2026-11-24T16:00:00-08:00", MarketSession.PostMarket)]  // 19:00 New York
    public void Instants_with_any_offset_are_judged_on_new_york_time(string instant, MarketSession expected) =>
        Assert.Equal(expected, MarketCalendar.SessionAt(At(instant)));

    [Theory]
    // Friday 2026-03-06, still EST = UTC-5.
    [InlineData("2026-03-06T08:59:59Z", "2026-03-06", "03:59:59", MarketSession.Closed)]
    [InlineData("2026-03-06T09:00:00Z", "2026-03-06", "04:00:00", MarketSession.PreMarket)]
    [InlineData("2026-03-06T14:30:00Z", "2026-03-06", "09:30:00", MarketSession.MarketOpen)]
    [InlineData("2026-03-06T21:00:00Z", "2026-03-06", "16:00:00", MarketSession.PostMarket)]
    [InlineData("2026-03-07T01:00:00Z", "2026-03-06", "20:00:00", MarketSession.Closed)]
    // Monday 2026-03-09, the first trading day on EDT = UTC-4.
    [InlineData("2026-03-09T07:59:59Z", "2026-03-09", "03:59:59", MarketSession.Closed)]
    [InlineData("2026-03-09T08:00:00Z", "2026-03-09", "04:00:00", MarketSession.PreMarket)]
    [InlineData("2026-03-09T13:29:59Z", "2026-03-09", "09:29:59", MarketSession.PreMarket)]
    [InlineData("2026-03-09T13:30:00Z", "2026-03-09", "09:30:00", MarketSession.MarketOpen)]
    [InlineData("2026-03-09T19:59:59Z", "2026-03-09", "15:59:59", MarketSession.MarketOpen)]
    [InlineData("2026-03-09T20:00:00Z", "2026-03-09", "16:00:00", MarketSession.PostMarket)]
    [InlineData("2026-03-09T23:59:59Z", "2026-03-09", "19:59:59", MarketSession.PostMarket)]
    [InlineData("2026-03-10T00:00:00Z", "2026-03-09", "20:00:00", MarketSession.Closed)]
    // Monday 2026-11-02, the first trading day back on EST = UTC-5.
    [InlineData("2026-11-02T08:59:59Z", "2026-11-02", "03:59:59", MarketSession.Closed)]
    [InlineData("2026-11-02T09:00:00Z", "2026-11-02", "04:00:00", MarketSession.PreMarket)]
    [InlineData("2026-11-02T14:29:59Z", "2026-11-02", "09:29:59", MarketSession.PreMarket)]
    [InlineData("2026-11-02T14:30:00Z", "2026-11-02", "09:30:00", MarketSession.MarketOpen)]
    [InlineData("2026-11-02T21:00:00Z", "2026-11-02", "16:00:00", MarketSession.PostMarket)]
    [InlineData("2026-11-03T01:00:00Z", "2026-11-02", "20:00:00", MarketSession.Closed)]
    public void Session_boundaries_follow_daylight_saving_changes(string instant, string localDate, string localTime, MarketSession expected) =>
        AssertSession(instant, localDate, localTime, expected);

    [Theory]
    // Spring forward: the New York day runs from 05:00Z to 04:00Z (23 hours).
    [InlineData("2026-03-08", "2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z")]
    // Fall back: from 04:00Z to 05:00Z the next day (25 hours).
    [InlineData("2026-11-01", "2026-11-01T04:00:00Z", "2026-11-02T05:00:00Z")]
    public void Daylight_saving_sundays_are_closed_all_day(string sunday, string firstInstant, string nextDayStart)
    {
        var date = Day(sunday);
        var start = At(firstInstant);
        var end = At(nextDayStart);

        Assert.False(MarketCalendar.IsTradingDay(date));
        Assert.Equal(date.AddDays(-1), MarketCalendar.TradingDate(start.AddSeconds(-1)));
        Assert.Equal(date.AddDays(1), MarketCalendar.TradingDate(end));

        for (var at = start; at < end; at = at.AddMinutes(5))
        {
            Assert.Equal(date, MarketCalendar.TradingDate(at));
            Assert.Equal(MarketSession.Closed, MarketCalendar.SessionAt(at));
        }
    }

    [Fact]
    public void Thanksgiving_is_closed_during_regular_hours_and_named()
    {
        var tenAmNewYork = At("2026-11-26T15:00:00Z");

        Assert.Equal(TimeSpan.FromHours(10), MarketCalendar.SessionOffset(tenAmNewYork));
        Assert.Equal(MarketSession.Closed, MarketCalendar.SessionAt(tenAmNewYork));
        Assert.True(MarketCalendar.IsHoliday(Day("2026-11-26"), out var name));
        Assert.Equal("Thanksgiving Day", name);
        Assert.False(MarketCalendar.IsTradingDay(Day("2026-11-26")));
        Assert.Equal(MarketSession.MarketOpen, MarketCalendar.SessionAt(At("2026-11-25T15:00:00Z")));
    }

    [Theory]
    [InlineData("2026-04-03", "Good Friday")]
    [InlineData("2027-12-24", "Christmas Day")]                              // Dec 25 is a Saturday
    [InlineData("2022-12-26", "Christmas Day")]                              // Dec 25 is a Sunday
    [InlineData("2026-07-03", "Independence Day")]                           // July 4 is a Saturday
    [InlineData("2021-07-05", "Independence Day")]                           // July 4 is a Sunday
    [InlineData("2027-06-18", "Juneteenth National Independence Day")]       // June 19 is a Saturday
    [InlineData("2022-06-20", "Juneteenth National Independence Day")]       // June 19 is a Sunday
    [InlineData("2023-01-02", "New Year's Day")]                             // Jan 1 is a Sunday
    public void Observed_holidays_close_the_market(string date, string expectedName)
    {
        var day = Day(date);

        Assert.True(MarketCalendar.IsHoliday(day, out var name));
        Assert.Equal(expectedName, name);
        Assert.False(MarketCalendar.IsTradingDay(day));
    }

    [Theory]
    [InlineData("2026-11-27T14:29:59Z", MarketSession.PreMarket)]    // day after Thanksgiving, 09:29:59
    [InlineData("2026-11-27T14:30:00Z", MarketSession.MarketOpen)]
    [InlineData("2026-11-27T17:59:59Z", MarketSession.MarketOpen)]   // 12:59:59
    [InlineData("2026-11-27T18:00:00Z", MarketSession.PostMarket)]   // 13:00
    [InlineData("2026-11-27T21:59:59Z", MarketSession.PostMarket)]   // 16:59:59
    [InlineData("2026-11-27T22:00:00Z", MarketSession.Closed)]       // 17:00
    [InlineData("2026-12-24T18:00:00Z", MarketSession.PostMarket)]   // Christmas Eve, a Thursday, 13:00
    [InlineData("2025-07-03T17:00:00Z", MarketSession.PostMarket)]   // a Thursday, 13:00 EDT
    [InlineData("2025-07-03T16:59:59Z", MarketSession.MarketOpen)]
    [InlineData("2023-07-03T21:30:00Z", MarketSession.Closed)]       // a Monday, 17:30 EDT
    public void Early_close_days_end_the_regular_session_at_13_and_the_post_market_at_17(string instant, MarketSession expected)
    {
        Assert.Equal(expected, MarketCalendar.SessionAt(At(instant)));
    }

    [Theory]
    [InlineData("2026-11-27", "Day after Thanksgiving")]
    [InlineData("2026-12-24", "Christmas Eve")]          // Thursday
    [InlineData("2024-12-24", "Christmas Eve")]          // Tuesday
    [InlineData("2018-12-24", "Christmas Eve")]          // Monday
    [InlineData("2025-07-03", "Independence Day eve")]   // Thursday
    [InlineData("2023-07-03", "Independence Day eve")]   // Monday
    [InlineData("2026-07-03", null)]                     // Friday: the observed Independence Day, closed all day
    [InlineData("2021-12-24", null)]                     // Friday: the observed Christmas Day
    [InlineData("2022-07-01", null)]                     // Friday before a Monday July 4: a normal day
    [InlineData("2022-12-23", null)]                     // Friday before a Sunday Christmas: a normal day
    [InlineData("2026-11-25", null)]                     // day before Thanksgiving: a normal day
    public void Early_closes_follow_the_nyse_rules(string date, string? expectedName)
    {
        Assert.Equal(expectedName is not null, MarketCalendar.IsEarlyClose(Day(date), out var name));
        Assert.Equal(expectedName, name);
    }

    [Fact]
    public void A_normal_day_after_an_early_close_has_the_full_post_market()
    {
        Assert.Equal(MarketSession.PostMarket, MarketCalendar.SessionAt(At("2026-11-30T21:00:00Z")));   // Monday 16:00
        Assert.Equal(MarketSession.MarketOpen, MarketCalendar.SessionAt(At("2026-11-30T20:59:59Z")));
    }

    [Theory]
    [InlineData("2021-12-31")]   // New Year 2022 is a Saturday: NYSE does not observe it on the Friday
    [InlineData("2021-06-18")]   // Juneteenth 2021 (a Saturday) predates the NYSE holiday
    [InlineData("2026-11-27")]   // day after Thanksgiving: an early close, not a holiday
    public void Days_that_look_like_holidays_but_trade(string date)
    {
        var day = Day(date);

        Assert.False(MarketCalendar.IsHoliday(day, out var name));
        Assert.Null(name);
        Assert.True(MarketCalendar.IsTradingDay(day));
    }

    [Fact]
    public void Friday_before_a_saturday_new_year_trades_normally()
    {
        var tenAmNewYork = At("2021-12-31T15:00:00Z");

        Assert.Equal(MarketSession.MarketOpen, MarketCalendar.SessionAt(tenAmNewYork));
        Assert.False(MarketCalendar.IsTradingDay(Day("2022-01-01")));
        Assert.False(MarketCalendar.IsHoliday(Day("2021-06-19"), out _));
    }

    [Theory]
    [InlineData("2008-03-21")]   // early Easter (March 23)
    [InlineData("2011-04-22")]   // late Easter (April 24)
    [InlineData("2019-04-19")]
    [InlineData("2024-03-29")]
    [InlineData("2025-04-18")]
    [InlineData("2027-03-26")]
    [InlineData("2038-04-23")]   // Easter on April 25, the latest possible date
    [InlineData("2100-03-26")]   // a century year that is not a leap year
    public void Good_friday_follows_easter(string date)
    {
        var goodFriday = Day(date);

        Assert.True(MarketCalendar.IsHoliday(goodFriday, out var name));
        Assert.Equal("Good Friday", name);
        Assert.False(MarketCalendar.IsHoliday(goodFriday.AddDays(-7), out _));
        Assert.False(MarketCalendar.IsHoliday(goodFriday.AddDays(7), out _));
    }

    [Fact]
    public void Holidays_of_2026_match_the_published_nyse_list()
    {
        string[] published =
        [
            "2026-01-01", "2026-01-19", "2026-02-16", "2026-04-03", "2026-05-25",
            "2026-06-19", "2026-07-03", "2026-09-07", "2026-11-26", "2026-12-25",
        ];

        var found = new List<DateOnly>();
        var tradingDays = 0;
        for (var day = new DateOnly(2026, 1, 1); day.Year == 2026; day = day.AddDays(1))
        {
            if (MarketCalendar.IsHoliday(day, out var name))
            {
                Assert.False(string.IsNullOrWhiteSpace(name));
                found.Add(day);
            }
            if (MarketCalendar.IsTradingDay(day))
            {
                tradingDays++;
            }
        }

        Assert.Equal(published.Select(Day), found);
        // 261 weekdays in 2026, all ten holidays fall on weekdays.
        Assert.Equal(251, tradingDays);
    }

    [Theory]
    [InlineData("2026-11-25T03:00:00Z", "2026-11-24", "22:00:00")]
    [InlineData("2026-11-25T04:59:59Z", "2026-11-24", "23:59:59")]
    [InlineData("2026-11-25T05:00:00Z", "2026-11-25", "00:00:00")]
    [InlineData("2026-11-25T12:00:00+09:00", "2026-11-24", "22:00:00")]   // same instant as 03:00Z
    [InlineData("2026-07-01T03:59:59Z", "2026-06-30", "23:59:59")]        // EDT = UTC-4
    [InlineData("2026-07-01T04:00:00Z", "2026-07-01", "00:00:00")]
    public void Trading_date_and_offset_cross_midnight_utc_on_new_york_time(string instant, string localDate, string localTime)
    {
        var at = At(instant);

        Assert.Equal(Day(localDate), MarketCalendar.TradingDate(at));
        Assert.Equal(TimeSpan.Parse(localTime, CultureInfo.InvariantCulture), MarketCalendar.SessionOffset(at));
    }

    [Fact]
    public void New_york_zone_is_utc_minus_five_in_winter_and_minus_four_in_summer()
    {
        Assert.Equal(TimeSpan.FromHours(-5), MarketCalendar.NewYork.GetUtcOffset(At("2026-01-15T12:00:00Z")));
        Assert.Equal(TimeSpan.FromHours(-4), MarketCalendar.NewYork.GetUtcOffset(At("2026-07-15T12:00:00Z")));
    }
}
