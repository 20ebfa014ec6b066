using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Tradeul.Scanner.Consuming;

/// <summary>
/// Keeps a consumer group's consumer list bounded. Every Scanner start joins the group under a new name
/// (<c>{machine}-{pid}</c>) and Redis never forgets a consumer by itself, so without this the list grows by
/// one per restart, forever. A consumer idle longer than <see cref="ScannerOptions.ConsumerIdleLimit"/> with
/// no pending entry is deleted (XGROUP DELCONSUMER). One with pending entries is left alone: the claim pass
/// takes its entries first (after <see cref="ScannerOptions.ClaimMinIdle"/>), and it is deleted on a later pass.
/// A live consumer reads at least once per <c>Scanner:ReadBlock</c> (or PollInterval), so its idle time never comes near the limit.
/// </summary>
public sealed partial class IdleConsumerPruner(
    IConnectionMultiplexer redis,
    IOptions<ScannerOptions> options,
    ScannerStats stats,
    ScannerTelemetry telemetry,
    ILogger<IdleConsumerPruner> logger)
{
    /// <summary>
    /// Deletes the idle, empty consumers of <paramref name="group"/> on <paramref name="stream"/> other than
    /// <paramref name="self"/>, and reports how many remain (stats <c>consumers</c>, gauge
    /// <c>tradeul.scanner.consumers</c>).
    /// </summary>
    /// <returns>The names of the consumers deleted.</returns>
    /// <exception cref="RedisException">Redis refused XINFO CONSUMERS or XGROUP DELCONSUMER (e.g. NOGROUP).</exception>
    public async Task<IReadOnlyList<string>> PruneAsync(RedisKey stream, string group, string self, CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        var limit = (long)options.Value.ConsumerIdleLimit.TotalMilliseconds;
        var consumers = await database.StreamConsumerInfoAsync(stream, group).WaitAsync(cancellationToken).ConfigureAwait(false);
        var deleted = new List<string>();
        foreach (var consumer in consumers)
        {
            if (consumer.Name == self || consumer.PendingMessageCount > 0 || consumer.IdleTimeInMilliseconds < limit)
            {
                continue;
            }
            await database.StreamDeleteConsumerAsync(stream, group, consumer.Name).WaitAsync(cancellationToken).ConfigureAwait(false);
            deleted.Add(consumer.Name);
            LogDeleted(logger, consumer.Name, group, consumer.IdleTimeInMilliseconds / 1000);
        }
        var remaining = consumers.Length - deleted.Count;
        stats.Consumers(remaining, deleted.Count);
        telemetry.Consumers(remaining, deleted.Count);
        return deleted;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted consumer {Consumer} of group {Group}: idle {IdleSeconds} s with nothing pending.")]
    private static partial void LogDeleted(ILogger logger, string consumer, string group, long idleSeconds);
}
