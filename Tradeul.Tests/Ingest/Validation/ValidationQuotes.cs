using Tradeul.Shared.Market;

namespace Tradeul.Tests.Ingest.Validation;

internal static class ValidationQuotes
{
    /// <summary>A complete, plausible row that every session accepts.</summary>
    public static MarketQuote Good(string symbol) =>
        new(symbol, Price: 25.5, PrevClose: 25, Open: 25.1, High: 26, Low: 24.9, Close: 25.5, Volume: 1_234_567, Vwap: 25.4,
            AccumulatedVolume: 1_300_000, UpdatedUnixMs: 1_795_000_000_000, Bid: 25.49, Ask: 25.51);

    /// <summary>No trade in today's bar yet, as Polygon reports a ticker before the open.</summary>
    public static MarketQuote EmptyDayBar(string symbol) =>
        Good(symbol) with { Open = 0, High = 0, Low = 0, Close = 0, Volume = 0 };
}
