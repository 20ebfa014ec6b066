using System.Buffers;
using System.Text.Json;
using Tradeul.Scanner.Compute;

namespace Tradeul.Scanner.Publishing;

/// <summary>The JSON of a ranked row (snake_case; NaN is null), written without reflection on the hot path.</summary>
public static class RankedRowJson
{
    public static void Write(Utf8JsonWriter writer, in RankedRow row, int? rank = null, IReadOnlyList<string>? categories = null)
    {
        writer.WriteStartObject();
        if (rank is { } r)
        {
            writer.WriteNumber("rank"u8, r);
        }
        writer.WriteString("symbol"u8, row.Symbol);
        WriteFields(writer, row, RankedRowFields.All);
        if (categories is not null)
        {
            writer.WriteStartArray("categories"u8);
            foreach (var category in categories)
            {
                writer.WriteStringValue(category);
            }
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }

    /// <summary>The properties named by <paramref name="fields"/>, into an object the caller opened.</summary>
    public static void WriteFields(Utf8JsonWriter writer, in RankedRow row, RankedRowFields fields)
    {
        Number(writer, fields, RankedRowFields.Price, "price"u8, row.Price);
        Number(writer, fields, RankedRowFields.ChangePercent, "change_percent"u8, row.ChangePercent);
        Number(writer, fields, RankedRowFields.GapPercent, "gap_percent"u8, row.GapPercent);
        Number(writer, fields, RankedRowFields.ChangeFromOpenPercent, "change_from_open_percent"u8, row.ChangeFromOpenPercent);
        if (fields.HasFlag(RankedRowFields.Volume))
        {
            writer.WriteNumber("volume"u8, row.Volume);
        }
        Number(writer, fields, RankedRowFields.Rvol, "rvol"u8, row.Rvol);
        Number(writer, fields, RankedRowFields.VwapDistancePercent, "vwap_distance_percent"u8, row.VwapDistancePercent);
        Number(writer, fields, RankedRowFields.FromHighPercent, "from_high_percent"u8, row.FromHighPercent);
        Number(writer, fields, RankedRowFields.FromLowPercent, "from_low_percent"u8, row.FromLowPercent);
        Number(writer, fields, RankedRowFields.FloatRotation, "float_rotation"u8, row.FloatRotation);
        Number(writer, fields, RankedRowFields.Score, "score"u8, row.Score);
        if (fields.HasFlag(RankedRowFields.Name))
        {
            writer.WriteString("name"u8, row.Name);
        }
        if (fields.HasFlag(RankedRowFields.Sector))
        {
            writer.WriteString("sector"u8, row.Sector);
        }
        if (fields.HasFlag(RankedRowFields.MarketCap))
        {
            if (row.MarketCap is { } cap)
            {
                writer.WriteNumber("market_cap"u8, cap);
            }
            else
            {
                writer.WriteNull("market_cap"u8);
            }
        }
        if (fields.HasFlag(RankedRowFields.Split))
        {
            // A split executing today adjusted the previous close and RVOL baseline by this ratio (null: none).
            Number(writer, fields, RankedRowFields.Split, "split_ratio"u8, row.SplitRatio > 0 ? row.SplitRatio : double.NaN);
            writer.WriteBoolean("split_unresolved"u8, row.SplitUnresolved);
        }
    }

    /// <summary>The row alone, as SnapshotManager stores it (no rank: the position is the rank).</summary>
    public static byte[] ToBytes(in RankedRow row, ArrayBufferWriter<byte> buffer, Utf8JsonWriter writer)
    {
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        Write(writer, row);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    public static RankedRow Read(ReadOnlySpan<byte> json)
    {
        using var document = JsonDocument.Parse(json.ToArray());
        var e = document.RootElement;
        return new RankedRow(
            e.GetProperty("symbol").GetString()!,
            Num(e, "price"), Num(e, "change_percent"), Num(e, "gap_percent"), Num(e, "change_from_open_percent"),
            e.GetProperty("volume").GetInt64(),
            Num(e, "rvol"), Num(e, "vwap_distance_percent"), Num(e, "from_high_percent"), Num(e, "from_low_percent"),
            Num(e, "float_rotation"), Num(e, "score"),
            e.GetProperty("name").GetString(), e.GetProperty("sector").GetString(),
            e.GetProperty("market_cap").ValueKind == JsonValueKind.Null ? null : e.GetProperty("market_cap").GetDecimal())
        {
            // Rows saved before splits were published have neither field.
            SplitRatio = e.TryGetProperty("split_ratio", out var ratio) && ratio.ValueKind == JsonValueKind.Number ? ratio.GetDouble() : 0,
            SplitUnresolved = e.TryGetProperty("split_unresolved", out var unresolved) && unresolved.ValueKind == JsonValueKind.True,
        };
    }

    private static double Num(JsonElement element, string name)
    {
        var value = element.GetProperty(name);
        return value.ValueKind == JsonValueKind.Null ? double.NaN : value.GetDouble();
    }

    private static void Number(Utf8JsonWriter writer, RankedRowFields fields, RankedRowFields field, ReadOnlySpan<byte> name, double value)
    {
        if (!fields.HasFlag(field))
        {
            return;
        }
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, value);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
