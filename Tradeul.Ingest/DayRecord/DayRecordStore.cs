using StackExchange.Redis;
using Tradeul.Shared.Redis;

namespace Tradeul.Ingest.DayRecord;

/// <summary>
/// Keeps the record of a day in Redis, one key per trading day (<see cref="RedisKeys.DayRecord"/>)
/// with a TTL, so a restarted Ingest resumes the day and old days vanish by themselves.
/// Redis errors (unreachable, OOM under noeviction) are thrown to the caller.
/// </summary>
public sealed class DayRecordStore(IConnectionMultiplexer redis)
{
    /// <summary>Two days: a record outlives the night and a restart, never the next trading day's reset by much.</summary>
    public static readonly TimeSpan KeyTimeToLive = TimeSpan.FromDays(2);

    /// <returns>The kept bytes, or null when nothing is kept for <paramref name="tradingDay"/>.</returns>
    public async Task<byte[]?> LoadAsync(DateOnly tradingDay, CancellationToken cancellationToken) =>
        (byte[]?)await redis.GetDatabase().StringGetAsync(RedisKeys.DayRecord(tradingDay)).WaitAsync(cancellationToken).ConfigureAwait(false);

    public Task SaveAsync(DateOnly tradingDay, byte[] data, CancellationToken cancellationToken) =>
        redis.GetDatabase().StringSetAsync(RedisKeys.DayRecord(tradingDay), data, KeyTimeToLive).WaitAsync(cancellationToken);
}
