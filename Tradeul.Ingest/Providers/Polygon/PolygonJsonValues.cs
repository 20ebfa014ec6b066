using System.Text.Json;

namespace Tradeul.Ingest.Providers.Polygon;

/// <summary>
/// Type-checked reads of one property value (the reader sits on its name). They return false
/// instead of throwing, so one bad row costs a counter, not the whole snapshot. JSON null
/// counts as absent, the same as a missing field.
/// </summary>
internal static class PolygonJsonValues
{
    public static bool TryReadNumber(ref Utf8JsonReader reader, out double value)
    {
        value = 0;
        if (!reader.Read())
        {
            return false;
        }
        return reader.TokenType switch
        {
            JsonTokenType.Null => true,
            // A number too large for a double (1e400) makes such a row malformed. TryGetDouble does
            // not refuse it on .NET 10 (it returns true with +/-Infinity), so the check is ours.
            JsonTokenType.Number => reader.TryGetDouble(out value) && double.IsFinite(value),
            _ => false,
        };
    }

    /// <summary>Polygon's <c>updated</c> is Unix nanoseconds: read as an integer so no precision is lost.</summary>
    public static bool TryReadNanoseconds(ref Utf8JsonReader reader, out long nanoseconds)
    {
        nanoseconds = 0;
        if (!reader.Read())
        {
            return false;
        }
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }
        if (reader.TokenType != JsonTokenType.Number)
        {
            return false;
        }
        if (reader.TryGetInt64(out nanoseconds))
        {
            return true;
        }
        // Finite only, as in TryReadNumber: 1e400 is a malformed row, not a saturated time.
        if (reader.TryGetDouble(out var approximate) && double.IsFinite(approximate))
        {
            nanoseconds = PolygonNumbers.SaturatingToInt64(approximate);
            return true;
        }
        return false;
    }

    public static bool TryReadString(ref Utf8JsonReader reader, out string value)
    {
        value = "";
        if (!reader.Read())
        {
            return false;
        }
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return true;
            case JsonTokenType.String:
                value = reader.GetString() ?? "";
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Moves onto a property's value. True for an object (read its properties next) and for
    /// null (<paramref name="isNull"/>: nothing to read); false for any other type.
    /// </summary>
    public static bool TryEnterObject(ref Utf8JsonReader reader, out bool isNull)
    {
        isNull = false;
        if (!reader.Read())
        {
            return false;
        }
        isNull = reader.TokenType == JsonTokenType.Null;
        return isNull || reader.TokenType == JsonTokenType.StartObject;
    }

    /// <summary>Fields we do not map may hold anything (arrays of condition codes, ids, ...).</summary>
    public static bool TrySkipValue(ref Utf8JsonReader reader) => reader.Read() && reader.TrySkip();
}
