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
            // The day bar stays raw (zero = not given: all day before the open, and in a known
            // fault later): a minute bar's extremes are not the day's, so Ingest's record of
            // the day decides what to publish (issue 11, case 02b).
            Open: day.Open,
            High: day.High,
            Low: day.Low,
            Close: day.Close,
            Volume: PolygonNumbers.SaturatingToInt64(day.Volume),
            Vwap: day.Vwap,
            AccumulatedVolume: PolygonNumbers.SaturatingToInt64(minute.AccumulatedVolume),
            UpdatedUnixMs: ticker.UpdatedUnixNanoseconds / 1_000_000,
            Bid: ticker.BidPrice,
            Ask: ticker.AskPrice)
        {
            MinuteHigh = minute.High,
            MinuteLow = minute.Low,
            MinuteStartUnixMs = minute.StartUnixMs,
            MinuteVwap = minute.Vwap,
            MinuteVolume = PolygonNumbers.SaturatingToInt64(minute.Volume),
        };
    }

    /// <summary>The freshest price Polygon has: the last trade, else the latest minute bar, else the day bar.</summary>
    private static double CurrentPrice(in PolygonTicker ticker) =>
        ticker.LastTradePrice > 0 ? ticker.LastTradePrice
        : ticker.Minute.Close > 0 ? ticker.Minute.Close
        : ticker.Day.Close;
}
