using System.Text.Json;

namespace Tradeul.Ingest.Providers.Polygon;

/// <summary>
/// A Polygon aggregate bar (<c>day</c>, <c>min</c>, <c>prevDay</c>). Volumes stay doubles
/// here because some payloads carry fractional volumes; they are rounded when mapped.
/// <c>StartUnixMs</c> is the bar's <c>t</c> (Unix milliseconds), 0 when absent.
/// </summary>
internal readonly record struct PolygonBar(
    double Open, double High, double Low, double Close, double Volume, double Vwap, double AccumulatedVolume, long StartUnixMs = 0)
{
    /// <summary>Reads the bar value after the current property name; false when a field has the wrong JSON type.</summary>
    public static bool TryRead(ref Utf8JsonReader reader, out PolygonBar bar)
    {
        bar = default;
        if (!PolygonJsonValues.TryEnterObject(ref reader, out var isNull) || isNull)
        {
            return isNull;
        }
        double open = 0, high = 0, low = 0, close = 0, volume = 0, vwap = 0, accumulated = 0, start = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var ok = reader.ValueTextEquals("o"u8) ? PolygonJsonValues.TryReadNumber(ref reader, out open)
                : reader.ValueTextEquals("h"u8) ? PolygonJsonValues.TryReadNumber(ref reader, out high)
                : reader.ValueTextEquals("l"u8) ? PolygonJsonValues.TryReadNumber(ref reader, out low)
                : reader.ValueTextEquals("c"u8) ? PolygonJsonValues.TryReadNumber(ref reader, out close)
                : reader.ValueTextEquals("v"u8) ? PolygonJsonValues.TryReadNumber(ref reader, out volume)
                : reader.ValueTextEquals("vw"u8) ? PolygonJsonValues.TryReadNumber(ref reader, out vwap)
                : reader.ValueTextEquals("av"u8) ? PolygonJsonValues.TryReadNumber(ref reader, out accumulated)
                : reader.ValueTextEquals("t"u8) ? PolygonJsonValues.TryReadNumber(ref reader, out start)
                : PolygonJsonValues.TrySkipValue(ref reader);
            if (!ok)
            {
                return false;
            }
        }
        bar = new PolygonBar(open, high, low, close, volume, vwap, accumulated, PolygonNumbers.SaturatingToInt64(start));
        return reader.TokenType == JsonTokenType.EndObject;
    }
}
