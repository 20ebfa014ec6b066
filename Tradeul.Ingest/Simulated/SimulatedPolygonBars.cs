using Tradeul.Shared.Market;

namespace Tradeul.Ingest.Simulated;

/// <summary>
/// Gives a simulated quote the bars Polygon's snapshot carries: the latest minute bar
/// (<c>min.h</c>, <c>min.l</c>, <c>min.t</c>, <c>min.vw</c>, <c>min.v</c>) always, and, with <see cref="SimulatedMarketOptions.ZeroDayBarBeforeOpen"/>,
/// a day bar that is all zero before 09:30 ET as Polygon sends it (open, high, low, close,
/// volume, VWAP), while the price, the minute bar and the accumulated volume keep moving. So
/// the default simulated market exercises Ingest's record of the day every pre-market.
/// </summary>
internal static class SimulatedPolygonBars
{
    private static readonly double RegularOpenMinute = (TradingDay.RegularOpenTime - TradingDay.StartTime).TotalMinutes;

    /// <param name="dayStart">04:00 New York time of the simulated day.</param>
    /// <param name="minutesIntoDay">Where the simulated day stands, in minutes since 04:00.</param>
    public static MarketQuote Apply(in MarketQuote quote, in SimulatedMinuteBar minute, DateTimeOffset dayStart, double minutesIntoDay, bool zeroDayBarBeforeOpen)
    {
        var shaped = quote with
        {
            MinuteHigh = minute.High,
            MinuteLow = minute.Low,
            MinuteStartUnixMs = minute.High > 0 ? (dayStart + TimeSpan.FromMinutes(minute.Minute)).ToUnixTimeMilliseconds() : 0,
            MinuteVwap = minute.Vwap,
            MinuteVolume = (long)Math.Round(minute.Volume),
        };
        return zeroDayBarBeforeOpen && minutesIntoDay < RegularOpenMinute
            ? shaped with { Open = 0, High = 0, Low = 0, Close = 0, Volume = 0, Vwap = 0 }
            : shaped;
    }
}
