using System.Collections.Frozen;

namespace Tradeul.Shared.Market;

/// <summary>
/// One immutable market calendar: NYSE holidays and early closes by rule
/// (<see cref="NyseHolidays"/>), the shipped one-off days (<see cref="NyseOneOffDays"/>), and
/// the days an operator declared (<c>Market:Closures</c>, <c>Market:EarlyCloses</c>; see
/// <see cref="MarketCalendarOptions"/>). Sessions in New York time (America/New_York):
/// PRE_MARKET 04:00–09:30, MARKET_OPEN 09:30 to the regular close (16:00, or the day's early
/// close), POST_MARKET from the close to 20:00, CLOSED otherwise and all day on weekends,
/// holidays and closures. After an early close the post-market lasts four hours, never past
/// 20:00: NYSE Arca's late session runs 13:00–17:00 on the NYSE's 13:00 closes.
/// Safe to share between threads. Services read it through <see cref="MarketCalendar"/>.
/// </summary>
public sealed class TradingCalendar
{
    private static readonly TimeSpan PreMarketStart = TimeSpan.FromHours(4);
    private static readonly TimeSpan RegularStart = new(9, 30, 0);
    private static readonly TimeSpan RegularEnd = TimeSpan.FromHours(16);
    private static readonly TimeSpan PostMarketEnd = TimeSpan.FromHours(20);
    private static readonly TimeSpan RuleEarlyClose = TimeSpan.FromHours(13);
    private static readonly TimeSpan LateSessionAfterEarlyClose = TimeSpan.FromHours(4);

    private readonly FrozenDictionary<DateOnly, string> _closures;
    private readonly FrozenDictionary<DateOnly, MarketEarlyClose> _earlyCloses;

    private TradingCalendar(FrozenDictionary<DateOnly, string> closures, FrozenDictionary<DateOnly, MarketEarlyClose> earlyCloses, int declaredDays)
    {
        _closures = closures;
        _earlyCloses = earlyCloses;
        DeclaredDays = declaredDays;
    }

    /// <summary>The NYSE by rule plus the shipped one-off days; nothing declared.</summary>
    public static TradingCalendar Nyse { get; } = new(NyseOneOffDays.Closures, NyseOneOffDays.EarlyCloses, 0);

    /// <summary>How many closures and early closes were declared on top of <see cref="Nyse"/>.</summary>
    public int DeclaredDays { get; }

    /// <summary>
    /// <see cref="Nyse"/> plus declared days. A declared early close replaces the rule's or the
    /// shipped one for that date; a close of 16:00 cancels it (a full day). Callers validate first
    /// (<see cref="MarketCalendarOptionsValidator"/>): here a later entry simply wins.
    /// </summary>
    /// <param name="closures">New York date -> reason the market is closed all day.</param>
    /// <param name="earlyCloses">New York date -> regular-session close (New York time) and reason.</param>
    public static TradingCalendar WithDeclared(
        IEnumerable<KeyValuePair<DateOnly, string>> closures,
        IEnumerable<KeyValuePair<DateOnly, MarketEarlyClose>> earlyCloses)
    {
        var allClosures = new Dictionary<DateOnly, string>(NyseOneOffDays.Closures);
        var allEarlyCloses = new Dictionary<DateOnly, MarketEarlyClose>(NyseOneOffDays.EarlyCloses);
        var declared = 0;
        foreach (var (date, reason) in closures)
        {
            allClosures[date] = reason;
            declared++;
        }
        foreach (var (date, earlyClose) in earlyCloses)
        {
            allEarlyCloses[date] = earlyClose;
            declared++;
        }
        return new TradingCalendar(allClosures.ToFrozenDictionary(), allEarlyCloses.ToFrozenDictionary(), declared);
    }

    /// <summary>The session at <paramref name="instant"/> (any offset; judged on New York time).</summary>
    public MarketSession SessionAt(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, MarketCalendar.NewYork);
        var date = DateOnly.FromDateTime(local.DateTime);
        if (!IsTradingDay(date))
        {
            return MarketSession.Closed;
        }
        var close = RegularCloseOn(date);
        var postMarketEnd = close < RegularEnd ? Min(close + LateSessionAfterEarlyClose, PostMarketEnd) : PostMarketEnd;
        var time = local.TimeOfDay;
        if (time < PreMarketStart || time >= postMarketEnd)
        {
            return MarketSession.Closed;
        }
        if (time < RegularStart)
        {
            return MarketSession.PreMarket;
        }
        return time < close ? MarketSession.MarketOpen : MarketSession.PostMarket;
    }

    /// <summary>False on weekends, NYSE holidays and closures (shipped or declared).</summary>
    public bool IsTradingDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && NyseHolidays.NameOf(date) is null && !_closures.ContainsKey(date);

    /// <summary>
    /// End of the regular session on <paramref name="date"/> as a New York time of day: 16:00,
    /// or the early close. Meaningful on trading days only.
    /// </summary>
    public TimeSpan RegularCloseOn(DateOnly date)
    {
        if (_earlyCloses.TryGetValue(date, out var earlyClose))
        {
            return earlyClose.Close.ToTimeSpan();
        }
        return NyseHolidays.EarlyCloseOf(date) is null ? RegularEnd : RuleEarlyClose;
    }

    /// <summary>True when the regular session ends before 16:00 on a trading day; <paramref name="reason"/> says why.</summary>
    public bool IsEarlyClose(DateOnly date, out string? reason)
    {
        reason = null;
        if (IsTradingDay(date) && RegularCloseOn(date) < RegularEnd)
        {
            reason = _earlyCloses.TryGetValue(date, out var earlyClose) ? earlyClose.Reason : NyseHolidays.EarlyCloseOf(date);
        }
        return reason is not null;
    }

    /// <summary>True on an NYSE holiday by rule (<see cref="NyseHolidays"/>); <paramref name="name"/> is the holiday's.</summary>
    public bool IsHoliday(DateOnly date, out string? name)
    {
        name = NyseHolidays.NameOf(date);
        return name is not null;
    }

    /// <summary>True on a one-off full-day closure, shipped or declared; <paramref name="reason"/> says why.</summary>
    public bool IsClosure(DateOnly date, out string? reason)
    {
        reason = _closures.GetValueOrDefault(date);
        return reason is not null;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
