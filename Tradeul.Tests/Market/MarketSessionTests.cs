using Tradeul.Shared.Market;

namespace Tradeul.Tests.Market;

public sealed class MarketSessionTests
{
    [Theory]
    // Tuesday 2026-11-24, EST (UTC-5): boundaries just before, at and after each change.
    [InlineData("2026-11-24T08:59:59Z", MarketSession.Closed)]
    [InlineData("2026-11-24T09:00:00Z", MarketSession.PreMarket)]
    [InlineData("2026-11-24T14:29:59Z", MarketSession.PreMarket)]
    [InlineData("2026-11-24T14:30:00Z", MarketSession.MarketOpen)]
    [InlineData("2026-11-24T20:59:59Z", MarketSession.MarketOpen)]
    [InlineData("2026-11-24T21:00:00Z", MarketSession.PostMarket)]
    [InlineData("2026-11-25T00:59:59Z", MarketSession.PostMarket)]
    [InlineData("2026-11-25T01:00:00Z", MarketSession.Closed)]
    // The same wall-clock boundaries given with a New York offset.
    [InlineData("2026-11-24T09:30:00-05:00", MarketSession.MarketOpen)]
    [InlineData("2026-11-24T16:00:00-05:00", MarketSession.PostMarket)]
    public void Sessions_of_a_normal_winter_day(string instant, MarketSession expected) =>
        Assert.Equal(expected, MarketCalendar.SessionAt(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    // Spring forward: Sunday 2026-03-08 is a weekend; Friday before is EST (UTC-5), Monday after is EDT (UTC-4).
    [InlineData("2026-03-06T14:29:59Z", MarketSession.PreMarket)]
    [InlineData("2026-03-06T14:30:00Z", MarketSession.MarketOpen)]
    [InlineData("2026-03-08T15:00:00Z", MarketSession.Closed)]
    [InlineData("2026-03-08T07:30:00Z", MarketSession.Closed)] // 03:30 EDT, the hour that does not exist in EST
    [InlineData("2026-03-09T07:59:59Z", MarketSession.Closed)]
    [InlineData("2026-03-09T08:00:00Z", MarketSession.PreMarket)]
    [InlineData("2026-03-09T13:29:59Z", MarketSession.PreMarket)]
    [InlineData("2026-03-09T13:30:00Z", MarketSession.MarketOpen)]
    [InlineData("2026-03-09T20:00:00Z", MarketSession.PostMarket)]
    [InlineData("2026-03-10T00:00:00Z", MarketSession.Closed)]
    // Fall back: Sunday 2026-11-01 is a weekend; Friday before is EDT, Monday after is EST.
    [InlineData("2026-10-30T13:30:00Z", MarketSession.MarketOpen)]
    [InlineData("2026-10-30T13:29:59Z", MarketSession.PreMarket)]
    [InlineData("2026-11-01T06:30:00Z", MarketSession.Closed)] // 01:30 local happens twice this night
    [InlineData("2026-11-02T13:30:00Z", MarketSession.PreMarket)]
    [InlineData("2026-11-02T14:30:00Z", MarketSession.MarketOpen)]
    [InlineData("2026-11-02T21:00:00Z", MarketSession.PostMarket)]
    public void Sessions_around_both_daylight_saving_changes(string instant, MarketSession expected) =>
        Assert.Equal(expected, MarketCalendar.SessionAt(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("2026-11-26", "Thanksgiving Day")]
    [InlineData("2026-04-03", "Good Friday")]
    [InlineData("2026-07-03", "Independence Day")]          // July 4 is a Saturday
    [InlineData("2027-12-24", "Christmas Day")]             // Dec 25 is a Saturday
    [InlineData("2027-06-18", "Juneteenth National Independence Day")] // Jun 19 is a Saturday
    [InlineData("2023-01-02", "New Year's Day")]            // Jan 1 is a Sunday
    public void Nyse_holidays_are_closed_all_day(string date, string name)
    {
        var day = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(MarketCalendar.IsHoliday(day, out var holiday));
        Assert.Equal(name, holiday);
        Assert.False(MarketCalendar.IsTradingDay(day));
        var tenAm = new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), MarketCalendar.NewYork.GetUtcOffset(day.ToDateTime(new TimeOnly(10, 0))));
        Assert.Equal(MarketSession.Closed, MarketCalendar.SessionAt(tenAm));
    }

    [Theory]
    [InlineData("2021-12-31")] // New Year 2022 is a Saturday: NYSE does not observe it on the Friday
    [InlineData("2021-06-18")] // Juneteenth was not an NYSE holiday before 2022
    [InlineData("2026-11-27")] // the day after Thanksgiving trades (an early close, not modelled)
    public void Days_that_look_like_holidays_but_trade(string date) =>
        Assert.True(MarketCalendar.IsTradingDay(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void The_2026_holiday_calendar_is_the_published_one()
    {
        string[] published = ["2026-01-01", "2026-01-19", "2026-02-16", "2026-04-03", "2026-05-25", "2026-06-19", "2026-07-03", "2026-09-07", "2026-11-26", "2026-12-25"];
        Assert.Equal(published, NyseHolidays.For(2026).Select(h => h.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).Order());
    }

    [Fact]
    public void Trading_date_and_time_of_day_are_new_york_ones_across_midnight_utc()
    {
        var instant = DateTimeOffset.Parse("2026-11-25T03:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(new DateOnly(2026, 11, 24), MarketCalendar.TradingDate(instant));
        Assert.Equal(TimeSpan.FromHours(22), MarketCalendar.SessionOffset(instant));
    }
}
