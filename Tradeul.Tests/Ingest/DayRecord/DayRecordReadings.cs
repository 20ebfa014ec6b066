using System.Text.Json;
using StackExchange.Redis;
using Tradeul.Ingest.Simulated;
using Tradeul.Shared.Market;
using Tradeul.Shared.Redis;

namespace Tradeul.Tests.Ingest.DayRecord;

/// <summary>One ticker as the Scanner published it in <c>scanner:filtered_complete:{SESSION}</c>; null = unknown.</summary>
internal sealed record ScannedRow(string Symbol, double Price, double? FromHighPercent, double? FromLowPercent, double? VwapDistancePercent, IReadOnlyList<string> Categories)
{
    public bool In(string category) => Categories.Contains(category);
}

/// <summary>What the tests of the record of the day read back from the real Redis both services use.</summary>
internal static class DayRecordReadings
{
    /// <summary>Monday 2026-11-30 18:00 New York (post-market): 02a's and 02b's <c>updated</c>, 1796079600000000000 ns.</summary>
    public static readonly DateTimeOffset CaseTime = DateTimeOffset.FromUnixTimeMilliseconds(1_796_079_600_000);

    /// <summary>The rows of the newest <c>snapshots:raw</c> entry, by symbol: what Ingest published.</summary>
    public static async Task<Dictionary<string, MarketQuote>> PublishedAsync(IDatabase redis)
    {
        var entry = Assert.Single(await redis.StreamRangeAsync(RedisKeys.RawSnapshots, "-", "+", 1, Order.Descending));
        Assert.Equal(RawSnapshotFormat.Version, (int)entry[RawSnapshotFormat.VersionField]);
        var snapshot = new RawSnapshotDecoder().Decode(
            (int)entry[RawSnapshotFormat.VersionField], (long)entry[RawSnapshotFormat.SequenceField], (long)entry[RawSnapshotFormat.AsOfField],
            (int)entry[RawSnapshotFormat.RowsField], (byte[])entry[RawSnapshotFormat.DataField]!);
        return snapshot.Rows.ToArray().ToDictionary(q => q.Symbol, StringComparer.Ordinal);
    }

    /// <summary>Every ranked ticker of the session with its distances and categories, by symbol.</summary>
    public static async Task<Dictionary<string, ScannedRow>> ScannedAsync(IDatabase redis, MarketSession session)
    {
        var json = (string?)await redis.StringGetAsync(RedisKeys.FilteredComplete(session.ToKey()));
        Assert.NotNull(json);
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("rows").EnumerateArray().Select(row => new ScannedRow(
                row.GetProperty("symbol").GetString()!,
                row.GetProperty("price").GetDouble(),
                NullableNumber(row.GetProperty("from_high_percent")),
                NullableNumber(row.GetProperty("from_low_percent")),
                NullableNumber(row.GetProperty("vwap_distance_percent")),
                // A row in no category carries no "categories" at all.
                row.TryGetProperty("categories", out var categories) ? categories.EnumerateArray().Select(c => c.GetString()!).ToArray() : []))
            .ToDictionary(r => r.Symbol, StringComparer.Ordinal);
    }

    /// <summary>A case payload with every Polygon time moved by <paramref name="shift"/> (ns, ms and the row's updated).</summary>
    public static string Shifted(string payload, TimeSpan shift)
    {
        var ns = (long)shift.TotalMilliseconds * 1_000_000;
        var ms = (long)shift.TotalMilliseconds;
        return payload
            .Replace("1796079600000000000", (1_796_079_600_000_000_000 + ns).ToString(), StringComparison.Ordinal)
            .Replace("1796079590000000000", (1_796_079_590_000_000_000 + ns).ToString(), StringComparison.Ordinal)
            .Replace("1796079540000", (1_796_079_540_000 + ms).ToString(), StringComparison.Ordinal);
    }

    private static double? NullableNumber(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.GetDouble();

    /// <summary>New York market time of a date, for readable test setups.</summary>
    public static DateTimeOffset NewYork(int year, int month, int day, int hour, int minute, int second = 0) =>
        SimulatedClock.NewYorkTime(new DateOnly(year, month, day), new TimeOnly(hour, minute, second));
}
