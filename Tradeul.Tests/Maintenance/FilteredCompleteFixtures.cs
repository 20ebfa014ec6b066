using System.Text.Json;
using StackExchange.Redis;
using Tradeul.Shared.Redis;

namespace Tradeul.Tests.Maintenance;

internal static class FilteredCompleteFixtures
{
    /// <summary>What the scanner caches per session: rows sorted by score, with rank, metrics and categories.</summary>
    public static async Task CacheAsync(IDatabase redis, string session, int tickers)
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
        await redis.StringSetAsync(RedisKeys.FilteredComplete(session), JsonSerializer.Serialize(rows), TimeSpan.FromMinutes(10));
    }
}
