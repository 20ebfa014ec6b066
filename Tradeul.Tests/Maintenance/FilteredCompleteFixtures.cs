using System.Text.Json;
using StackExchange.Redis;
using Tradeul.Shared.Redis;

namespace Tradeul.Tests.Maintenance;

internal static class FilteredCompleteFixtures
{
    /// <summary>The market time of the cached snapshot unless a test gives one: Monday 2026-11-23, 10:30 New York.</summary>
    public static readonly DateTimeOffset DefaultAsOf = new(2026, 11, 23, 15, 30, 0, TimeSpan.Zero);

    /// <summary>What the scanner caches per session: the snapshot's market time and its rows sorted by score, with rank, metrics and categories.</summary>
    public static async Task CacheAsync(IDatabase redis, string session, int tickers, DateTimeOffset? asOf = null)
    {
        var rows = Enumerable.Range(0, tickers).Select(i => new Dictionary<string, object?>
        {
            ["rank"] = i + 1,
            ["symbol"] = $"{session[..1]}{i:D4}",
            ["price"] = 10.25m + i,
            ["change_percent"] = 5.5 - i * 0.01,
            ["gap_percent"] = i % 7 == 0 ? null : 2.25,
            ["volume"] = 1_000_000L + i,
            ["rvol"] = i % 5 == 0 ? null : 1.75,
            ["score"] = 100.0 - i * 0.1,
            ["categories"] = new[] { "gappers_up", "high_volume" },
        });
        var document = new Dictionary<string, object>
        {
            ["as_of"] = (asOf ?? DefaultAsOf).ToUnixTimeMilliseconds(),
            ["snapshot_sequence"] = 1L,
            ["rows"] = rows,
        };
        await redis.StringSetAsync(RedisKeys.FilteredComplete(session), JsonSerializer.Serialize(document), TimeSpan.FromMinutes(10));
    }
}
