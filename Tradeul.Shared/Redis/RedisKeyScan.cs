using System.Runtime.CompilerServices;
using StackExchange.Redis;

namespace Tradeul.Shared.Redis;

public static class RedisKeyScan
{
    /// <summary>
    /// Every key matching <paramref name="pattern"/> on every primary, by SCAN (never KEYS, which
    /// blocks Redis). Replicas are skipped: they hold the same keys.
    /// </summary>
    public static async IAsyncEnumerable<RedisKey> ScanKeysAsync(this IConnectionMultiplexer redis, string pattern, int pageSize = 1_000,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var endpoint in redis.GetEndPoints())
        {
            var server = redis.GetServer(endpoint);
            if (server.IsReplica)
            {
                continue;
            }
            await foreach (var key in server.KeysAsync(pattern: pattern, pageSize: pageSize).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                yield return key;
            }
        }
    }
}
