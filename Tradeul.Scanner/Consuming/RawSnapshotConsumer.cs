using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Tradeul.Shared.Redis;
using Tradeul.Shared.Streams;

namespace Tradeul.Scanner.Consuming;

/// <summary>
/// Reads <c>snapshots:raw</c> through a consumer group. Only the newest waiting snapshot is
/// worth scanning: older ones are acknowledged as stale and counted. Entries left pending
/// by a consumer that died are claimed (XAUTOCLAIM) at start and every ClaimInterval, so a
/// crash never stalls the group; then idle consumers are pruned (<see cref="IdleConsumerPruner"/>). New
/// entries are awaited on Redis for up to <c>Scanner:ReadBlock</c> (<see cref="BlockingSnapshotReader"/>),
/// or, with ReadBlock 0, read without waiting. Not thread-safe: one loop drives it.
/// </summary>
public sealed partial class RawSnapshotConsumer(
    IConnectionMultiplexer redis,
    StreamManager streams,
    IOptions<ScannerOptions> options,
    TimeProvider time,
    ScannerStats stats,
    ScannerTelemetry telemetry,
    IdleConsumerPruner pruner,
    BlockingSnapshotReader blockingReader,
    ILogger<RawSnapshotConsumer> logger)
{
    private const int ReadCount = 1_000;
    private readonly ScannerOptions _options = options.Value;
    private bool _groupReady;
    private bool _ownPendingRead;
    private DateTimeOffset _lastClaim = DateTimeOffset.MinValue;

    public string Consumer => _options.EffectiveConsumerName;

    public async Task<StreamEntry?> ReadNewestAsync(CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        await EnsureGroupAsync(database, cancellationToken).ConfigureAwait(false);
        var candidates = new List<StreamEntry>();
        var orphans = new List<RedisValue>();
        try
        {
            if (!_ownPendingRead)
            {
                // Entries this consumer name was given before a restart and never acknowledged.
                Collect(await database.StreamReadGroupAsync(RedisKeys.RawSnapshots, _options.ConsumerGroup, Consumer, "0-0", ReadCount).WaitAsync(cancellationToken).ConfigureAwait(false), candidates, orphans);
                _ownPendingRead = true;
            }
            if (time.GetUtcNow() - _lastClaim >= _options.ClaimInterval)
            {
                var claimed = await database.StreamAutoClaimAsync(RedisKeys.RawSnapshots, _options.ConsumerGroup, Consumer,
                    (long)_options.ClaimMinIdle.TotalMilliseconds, "0-0", ReadCount).WaitAsync(cancellationToken).ConfigureAwait(false);
                _lastClaim = time.GetUtcNow();
                Collect(claimed.ClaimedEntries, candidates, orphans);
                if (claimed.ClaimedEntries.Length > 0)
                {
                    stats.Claimed(claimed.ClaimedEntries.Length);
                    telemetry.Claimed(claimed.ClaimedEntries.Length);
                    LogClaimed(logger, claimed.ClaimedEntries.Length);
                }
                // After the claim: a dead consumer's entries are ours now, so it has nothing pending and can go.
                await pruner.PruneAsync(RedisKeys.RawSnapshots, _options.ConsumerGroup, Consumer, cancellationToken).ConfigureAwait(false);
            }
            // Wait on Redis only when nothing is in hand: a claimed or own pending entry is scanned at once.
            var fresh = _options.ReadBlock > TimeSpan.Zero && candidates.Count == 0
                ? await blockingReader.ReadNewAsync(_options.ConsumerGroup, Consumer, ReadCount, cancellationToken).ConfigureAwait(false)
                : await database.StreamReadGroupAsync(RedisKeys.RawSnapshots, _options.ConsumerGroup, Consumer, ">", ReadCount).WaitAsync(cancellationToken).ConfigureAwait(false);
            Collect(fresh, candidates, orphans);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
        {
            // The stream or group vanished (a Redis restart without AOF): recreate next time.
            _groupReady = false;
            _ownPendingRead = false;
            throw;
        }

        if (orphans.Count > 0)
        {
            // Trimmed away while pending: nothing left to scan or dead-letter.
            await database.StreamAcknowledgeAsync(RedisKeys.RawSnapshots, _options.ConsumerGroup, [.. orphans]).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        if (candidates.Count == 0)
        {
            return null;
        }
        var newest = candidates[0];
        foreach (var entry in candidates)
        {
            if (StreamIds.Compare(entry.Id, newest.Id) > 0)
            {
                newest = entry;
            }
        }
        var stale = candidates.Where(e => e.Id != newest.Id).Select(e => e.Id).Distinct().ToArray();
        if (stale.Length > 0)
        {
            await database.StreamAcknowledgeAsync(RedisKeys.RawSnapshots, _options.ConsumerGroup, stale).WaitAsync(cancellationToken).ConfigureAwait(false);
            stats.Stale(stale.Length);
            telemetry.Stale(stale.Length);
        }
        return newest;
    }

    public Task AcknowledgeAsync(StreamEntry entry, CancellationToken cancellationToken) =>
        redis.GetDatabase().StreamAcknowledgeAsync(RedisKeys.RawSnapshots, _options.ConsumerGroup, entry.Id).WaitAsync(cancellationToken);

    /// <summary>Moves an undecodable entry to <c>stream:deadletter</c> with why and where from, then acknowledges it.</summary>
    public async Task DeadLetterAsync(StreamEntry entry, string reason, string error, CancellationToken cancellationToken)
    {
        await streams.AddAsync(RedisKeys.DeadLetter,
        [
            new("source_stream", RedisKeys.RawSnapshots),
            new("source_id", entry.Id),
            new("reason", reason),
            new("error", error),
            new("consumer", Consumer),
            new("at", time.GetUtcNow().ToUnixTimeMilliseconds()),
        ], cancellationToken: cancellationToken).ConfigureAwait(false);
        await AcknowledgeAsync(entry, cancellationToken).ConfigureAwait(false);
        LogDeadLettered(logger, entry.Id.ToString(), reason, error);
    }

    private async Task EnsureGroupAsync(IDatabase database, CancellationToken cancellationToken)
    {
        if (_groupReady)
        {
            return;
        }
        try
        {
            // From the start of the stream: the snapshots already waiting are read at once,
            // the newest scanned and the rest acknowledged as stale.
            await database.StreamCreateConsumerGroupAsync(RedisKeys.RawSnapshots, _options.ConsumerGroup, "0-0", createStream: true).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
        }
        _groupReady = true;
    }

    private static void Collect(StreamEntry[] entries, List<StreamEntry> candidates, List<RedisValue> orphans)
    {
        foreach (var entry in entries)
        {
            if (entry.IsNull || entry.Values is null || entry.Values.Length == 0)
            {
                orphans.Add(entry.Id);
            }
            else
            {
                candidates.Add(entry);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Claimed {Count} snapshots left pending by idle consumers.")]
    private static partial void LogClaimed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead-lettered snapshots:raw entry {Id} ({Reason}): {Error}")]
    private static partial void LogDeadLettered(ILogger logger, string id, string reason, string error);
}
