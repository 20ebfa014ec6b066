using System.Buffers;
using System.Text;
using System.Text.Json;
using Tradeul.Scanner.Compute;
using Tradeul.Scanner.Publishing;

namespace Tradeul.Tests.Scanner;

/// <summary>The published row JSON: snake_case, unknown numbers as null, and a lossless read back.</summary>
public sealed class RankedRowJsonTests
{
    private static readonly RankedRow Full = new("NVDA", 142.3517, 3.25, 1.5, 1.72, 45_678_901, 2.37, 0.85, 0.42, 6.1, 0.0187, 12.43,
        "NVIDIA Corp", "Technology", 3_456_789_012_345.67m);

    private static readonly RankedRow Sparse = new("NOPE", 4.5, -1.25, double.NaN, double.NaN, 2_000, double.NaN, double.NaN, 0, 3.3,
        double.NaN, 1.25, null, null, null);

    private static string Json(in RankedRow row, int? rank = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            RankedRowJson.Write(writer, row, rank);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Fact]
    public void Rows_round_trip_exactly()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(buffer);

        Assert.Equal(Full, RankedRowJson.Read(RankedRowJson.ToBytes(Full, buffer, writer)));
        Assert.Equal(Sparse, RankedRowJson.Read(RankedRowJson.ToBytes(Sparse, buffer, writer)));
    }

    [Fact]
    public void Unknown_values_are_null_and_names_are_snake_case()
    {
        using var json = JsonDocument.Parse(Json(Sparse));
        var root = json.RootElement;

        Assert.Equal(JsonValueKind.Null, root.GetProperty("gap_percent").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("change_from_open_percent").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("rvol").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("float_rotation").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("name").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("market_cap").ValueKind);
        Assert.Equal(-1.25, root.GetProperty("change_percent").GetDouble());
        Assert.Equal(2_000, root.GetProperty("volume").GetInt64());
        Assert.False(root.TryGetProperty("rank", out _));
    }

    [Fact]
    public void The_rank_is_written_only_when_given()
    {
        using var json = JsonDocument.Parse(Json(Full, rank: 7));

        Assert.Equal(7, json.RootElement.GetProperty("rank").GetInt32());
        Assert.Equal("NVDA", json.RootElement.GetProperty("symbol").GetString());
        Assert.Equal(3_456_789_012_345.67m, json.RootElement.GetProperty("market_cap").GetDecimal());
    }
}
