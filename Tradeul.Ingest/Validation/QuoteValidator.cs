using Tradeul.Shared.Market;

namespace Tradeul.Ingest.Validation;

/// <summary>Decides whether a provider row may enter the market snapshot; the reason when it may not.</summary>
public static class QuoteValidator
{
    /// <summary>Symbols travel as ASCII of at most this length (the raw snapshot format's limit).</summary>
    public const int MaxSymbolLength = 32;

    /// <returns>Null for a good row, otherwise one of <see cref="DropReasons"/>.</returns>
    public static string? Check(in MarketQuote quote, MarketSession session)
    {
        if (string.IsNullOrWhiteSpace(quote.Symbol))
        {
            return DropReasons.MissingSymbol;
        }
        if (quote.Symbol.Length > MaxSymbolLength || !System.Text.Ascii.IsValid(quote.Symbol))
        {
            return DropReasons.InvalidSymbol;
        }
        if (!double.IsFinite(quote.Price) || quote.Price <= 0)
        {
            return DropReasons.InvalidPrice;
        }
        if (!double.IsFinite(quote.PrevClose) || !double.IsFinite(quote.Open) || !double.IsFinite(quote.High)
            || !double.IsFinite(quote.Low) || !double.IsFinite(quote.Close) || !double.IsFinite(quote.Vwap)
            || !double.IsFinite(quote.Bid) || !double.IsFinite(quote.Ask)
            || Math.Abs(quote.Price) > MaxPrice || Math.Abs(quote.PrevClose) > MaxPrice || Math.Abs(quote.High) > MaxPrice
            || Math.Abs(quote.Low) > MaxPrice || Math.Abs(quote.Open) > MaxPrice || Math.Abs(quote.Close) > MaxPrice
            || Math.Abs(quote.Vwap) > MaxPrice || Math.Abs(quote.Bid) > MaxPrice || Math.Abs(quote.Ask) > MaxPrice)
        {
            return DropReasons.NonFiniteValue;
        }
        if (quote.Volume < 0 || quote.AccumulatedVolume < 0)
        {
            return DropReasons.NegativeVolume;
        }
        // Before the open an empty day bar is normal (Polygon resets it overnight); later it
        // means the provider has no data for the ticker today.
        if (quote.DayBarIsEmpty && session != MarketSession.PreMarket)
        {
            return DropReasons.EmptyDayBar;
        }
        return null;
    }

    /// <summary>Prices beyond this overflow the fixed-point encoding and are not real quotes.</summary>
    public const double MaxPrice = 100_000_000;
}
