namespace Tradeul.Shared.Market;

/// <summary>
/// US equities sessions in New York time: PRE_MARKET 04:00–09:30, MARKET_OPEN 09:30–16:00,
/// POST_MARKET 16:00–20:00, CLOSED otherwise and all day on weekends and NYSE holidays.
/// On early-close days the regular session ends at 13:00 and the post-market at 17:00.
/// Every instant is converted through the America/New_York zone, so both DST changes hold.
/// </summary>
public static class MarketCalendar
{
    private static readonly TimeSpan PreMarketStart = TimeSpan.FromHours(4);
    private static readonly TimeSpan RegularStart = new(9, 30, 0);
    private static readonly TimeSpan RegularEnd = TimeSpan.FromHours(16);
    private static readonly TimeSpan PostMarketEnd = TimeSpan.FromHours(20);
    private static readonly TimeSpan EarlyRegularEnd = TimeSpan.FromHours(13);
    private static readonly TimeSpan EarlyPostMarketEnd = TimeSpan.FromHours(17);

    public static TimeZoneInfo NewYork { get; } = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    public static MarketSession SessionAt(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, NewYork);
        var date = DateOnly.FromDateTime(local.DateTime);
        if (!IsTradingDay(date))
        {
            return MarketSession.Closed;
        }
        var early = NyseHolidays.EarlyCloseOf(date) is not null;
        var time = local.TimeOfDay;
        if (time < PreMarketStart || time >= (early ? EarlyPostMarketEnd : PostMarketEnd))
        {
            return MarketSession.Closed;
        }
        if (time < RegularStart)
        {
            return MarketSession.PreMarket;
        }
        return time < (early ? EarlyRegularEnd : RegularEnd) ? MarketSession.MarketOpen : MarketSession.PostMarket;
    }

    /// <summary>The New York calendar date of the instant.</summary>
    public static DateOnly TradingDate(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, NewYork).DateTime);

    /// <summary>The New York local time of day of the instant (RVOL slots count from 04:00 of it).</summary>
    public static TimeSpan SessionOffset(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, NewYork).TimeOfDay;

    public static bool IsTradingDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && NyseHolidays.NameOf(date) is null;

    /// <summary>True when the regular session ends at 13:00 on <paramref name="date"/>; <paramref name="name"/> says why.</summary>
    public static bool IsEarlyClose(DateOnly date, out string? name)
    {
        name = IsTradingDay(date) ? NyseHolidays.EarlyCloseOf(date) : null;
        return name is not null;
    }

    public static bool IsHoliday(DateOnly date, out string? name)
    {
        name = NyseHolidays.NameOf(date);
        return name is not null;
    }
}
