using Tradeul.Shared.Market;

namespace Tradeul.Ingest.Providers.Polygon;

/// <summary>
/// Polygon's fields -> <see cref="MarketQuote"/>. No semantic checks here (zero prices,
/// negative volumes, empty symbols pass through): the ingest validator drops and counts those.
/// </summary>
internal static class PolygonQuoteMapping
{
    public static MarketQuote ToQuote(in PolygonTicker ticker)
    {
        var day = ticker.Day;
        var minute = ticker.Minute;
        return new MarketQuote(
            Symbol: ticker.Symbol,
            Price: CurrentPrice(ticker),
            PrevClose: ticker.PrevDay.Close,
            Open: day.Open,
            // Before the open the day bar is all zeros while the minute bar already moves,
            // so the extended-hours extremes come from whichever bar knows them.
            High: Math.Max(day.High, minute.High),
            Low: LowerNonZero(day.Low, minute.Low),
            Close: day.Close,
            Volume: PolygonNumbers.SaturatingToInt64(day.Volume),
            Vwap: day.Vwap,
            AccumulatedVolume: PolygonNumbers.SaturatingToInt64(minute.AccumulatedVolume),
            UpdatedUnixMs: ticker.UpdatedUnixNanoseconds / 1_000_000,
            Bid: ticker.BidPrice,
            Ask: ticker.AskPrice);
    }

    /// <summary>The freshest price Polygon has: the last trade, else the latest minute bar, else the day bar.</summary>
    private static double CurrentPrice(in PolygonTicker ticker) =>
        ticker.LastTradePrice > 0 ? ticker.LastTradePrice
        : ticker.Minute.Close > 0 ? ticker.Minute.Close
        : ticker.Day.Close;

    /// <summary>Zero means "no value yet" in Polygon's bars, so it must not win as a low.</summary>
    private static double LowerNonZero(double a, double b) =>
        a == 0 ? b
        : b == 0 ? a
        : Math.Min(a, b);
}
