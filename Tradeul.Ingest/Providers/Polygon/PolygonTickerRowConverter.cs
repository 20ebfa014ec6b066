using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tradeul.Ingest.Providers.Polygon;

/// <summary>
/// Maps one <c>tickers[]</c> element and never throws for a bad row. While streaming, the
/// serializer hands a custom converter its whole value already buffered, so only one row at a
/// time needs to fit in memory and a failed row can be skipped from its start.
/// </summary>
internal sealed class PolygonTickerRowConverter : JsonConverter<PolygonTickerRow>
{
    public override PolygonTickerRow Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            var rowStart = reader;
            if (PolygonTicker.TryRead(ref reader, out var ticker))
            {
                return new PolygonTickerRow(PolygonQuoteMapping.ToQuote(ticker), IsMalformed: false);
            }
            reader = rowStart;
        }
        // TrySkip, not Skip: Skip refuses to run on a non-final buffer even when this value is complete.
        if (!reader.TrySkip())
        {
            throw new JsonException("A tickers[] element was not fully buffered.");
        }
        return PolygonTickerRow.Malformed;
    }

    public override void Write(Utf8JsonWriter writer, PolygonTickerRow value, JsonSerializerOptions options) =>
        throw new NotSupportedException("Polygon snapshots are only read, never written.");
}
