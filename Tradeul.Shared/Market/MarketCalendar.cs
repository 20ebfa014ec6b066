namespace Tradeul.Shared.Market;

/// <summary>
/// The calendar every service asks: US equities sessions in New York time (America/New_York),
/// PRE_MARKET 04:00–09:30, MARKET_OPEN 09:30–16:00, POST_MARKET 16:00–20:00, CLOSED otherwise
/// and all day on weekends, NYSE holidays and one-off closures. On early-close days the regular
/// session ends at the early close (13:00 by rule) and the post-market four hours later (17:00).
/// Every instant is converted through the America/New_York zone, so both DST changes hold.
/// <para>
/// The session methods read <see cref="Current"/>: <see cref="TradingCalendar.Nyse"/> (rules and
/// the shipped one-off days), or, while a host that declares days in configuration runs, that
/// host's calendar (installed by <c>AddMarketCalendar()</c>). One process runs one market, so the
/// calendar is process-wide and call sites stay static.
/// </para>
/// </summary>
public static class MarketCalendar
{
    private static readonly Lock Gate = new();
    private static readonly List<TradingCalendar> Installed = [];
    private static volatile TradingCalendar _current = TradingCalendar.Nyse;

    public static TimeZoneInfo NewYork { get; } = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    /// <summary>The calendar the static methods use now.</summary>
    public static TradingCalendar Current => _current;

    /// <summary>
    /// Makes <paramref name="calendar"/> <see cref="Current"/> until the returned handle is
    /// disposed; then the calendar installed before it (still installed) or
    /// <see cref="TradingCalendar.Nyse"/> is current again. Installations nest in any order.
    /// </summary>
    public static IDisposable Install(TradingCalendar calendar)
    {
        lock (Gate)
        {
            Installed.Add(calendar);
            _current = calendar;
        }
        return new Installation(calendar);
    }

    public static MarketSession SessionAt(DateTimeOffset instant) => _current.SessionAt(instant);

    /// <summary>The New York calendar date of the instant.</summary>
    public static DateOnly TradingDate(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, NewYork).DateTime);

    /// <summary>The New York local time of day of the instant (RVOL slots count from 04:00 of it).</summary>
    public static TimeSpan SessionOffset(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, NewYork).TimeOfDay;

    /// <summary>False on weekends, NYSE holidays and one-off closures (shipped or declared).</summary>
    public static bool IsTradingDay(DateOnly date) => _current.IsTradingDay(date);

    /// <summary>True when the regular session ends before 16:00 on <paramref name="date"/>; <paramref name="name"/> says why.</summary>
    public static bool IsEarlyClose(DateOnly date, out string? name) => _current.IsEarlyClose(date, out name);

    /// <summary>True on an NYSE holiday by rule; one-off closures answer <see cref="IsClosure"/>.</summary>
    public static bool IsHoliday(DateOnly date, out string? name) => _current.IsHoliday(date, out name);

    /// <summary>True on a one-off full-day closure (a day of mourning, a storm), shipped or declared.</summary>
    public static bool IsClosure(DateOnly date, out string? reason) => _current.IsClosure(date, out reason);

    private sealed class Installation(TradingCalendar calendar) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }
            lock (Gate)
            {
                Installed.Remove(calendar);
                _current = Installed.Count > 0 ? Installed[^1] : TradingCalendar.Nyse;
            }
        }
    }
}
