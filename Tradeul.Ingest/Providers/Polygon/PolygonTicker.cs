using System.Text.Json;

namespace Tradeul.Ingest.Providers.Polygon;

/// <summary>
/// The fields of one <c>tickers[]</c> entry that Tradeul uses, exactly as Polygon sent them
/// (no rules applied yet; <see cref="PolygonQuoteMapping"/> turns them into a quote).
/// </summary>
internal readonly record struct PolygonTicker(
    string Symbol,
    PolygonBar Day,
    PolygonBar Minute,
    PolygonBar PrevDay,
    double LastTradePrice,
    double BidPrice,
    double AskPrice,
    long UpdatedUnixNanoseconds)
{
    /// <summary>
    /// Reads one ticker object (the reader sits on its StartObject and the whole object is
    /// buffered). False when a field we map has the wrong JSON type; fields we do not map are
    /// skipped whatever they hold.
    /// </summary>
    public static bool TryRead(ref Utf8JsonReader reader, out PolygonTicker ticker)
    {
        ticker = default;
        var symbol = "";
        PolygonBar day = default, minute = default, prevDay = default;
        double lastTradePrice = 0, bid = 0, ask = 0;
        long updated = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var ok = reader.ValueTextEquals("ticker"u8) ? PolygonJsonValues.TryReadString(ref reader, out symbol)
                : reader.ValueTextEquals("day"u8) ? PolygonBar.TryRead(ref reader, out day)
                : reader.ValueTextEquals("min"u8) ? PolygonBar.TryRead(ref reader, out minute)
                : reader.ValueTextEquals("prevDay"u8) ? PolygonBar.TryRead(ref reader, out prevDay)
                : reader.ValueTextEquals("lastTrade"u8) ? TryReadLastTrade(ref reader, out lastTradePrice)
                : reader.ValueTextEquals("lastQuote"u8) ? TryReadLastQuote(ref reader, out bid, out ask)
                : reader.ValueTextEquals("updated"u8) ? PolygonJsonValues.TryReadNanoseconds(ref reader, out updated)
                : PolygonJsonValues.TrySkipValue(ref reader);
            if (!ok)
            {
                return false;
            }
        }
        ticker = new PolygonTicker(symbol, day, minute, prevDay, lastTradePrice, bid, ask, updated);
        return reader.TokenType == JsonTokenType.EndObject;
    }

    private static bool TryReadLastTrade(ref Utf8JsonReader reader, out double price)
    {
        price = 0;
        if (!PolygonJsonValues.TryEnterObject(ref reader, out var isNull) || isNull)
        {
            return isNull;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var ok = reader.ValueTextEquals("p"u8)
                ? PolygonJsonValues.TryReadNumber(ref reader, out price)
                : PolygonJsonValues.TrySkipValue(ref reader);
            if (!ok)
            {
                return false;
            }
        }
        return reader.TokenType == JsonTokenType.EndObject;
    }

    /// <summary>In lastQuote lowercase <c>p</c> is the bid and uppercase <c>P</c> the ask; ValueTextEquals is case-sensitive.</summary>
    private static bool TryReadLastQuote(ref Utf8JsonReader reader, out double bid, out double ask)
    {
        bid = 0;
        ask = 0;
        if (!PolygonJsonValues.TryEnterObject(ref reader, out var isNull) || isNull)
        {
            return isNull;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var ok = reader.ValueTextEquals("p"u8) ? PolygonJsonValues.TryReadNumber(ref reader, out bid)
                : reader.ValueTextEquals("P"u8) ? PolygonJsonValues.TryReadNumber(ref reader, out ask)
                : PolygonJsonValues.TrySkipValue(ref reader);
            if (!ok)
            {
                return false;
            }
        }
        return reader.TokenType == JsonTokenType.EndObject;
    }
}
