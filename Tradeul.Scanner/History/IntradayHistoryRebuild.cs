using System.Diagnostics;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using Tradeul.Scanner.Consuming;
using Tradeul.Shared.Market;
using Tradeul.Shared.Redis;

namespace Tradeul.Scanner.History;

/// <summary>
/// After a restart, refills <see cref="IntradayHistory"/> from what <c>snapshots:raw</c> still holds,
/// before the scan loop starts (it is registered ahead of it, and hosts start services in order), so
/// the windows do not wait an hour to come back. Two passes, each bounded: newest to oldest reading
/// only as-of times until one is older than the longest window's reach, then oldest to newest from
/// there, decoding and recording each entry. It reads at most <see cref="MaxEntries"/> entries and
/// gives up after <see cref="Timeout"/>: a failure (Redis down) is logged and the Scanner starts with an
/// empty history, its windows null until live snapshots fill them.
/// </summary>
public sealed partial class IntradayHistoryRebuild(
    IConnectionMultiplexer redis,
    IntradayHistory history,
    ILogger<IntradayHistoryRebuild> logger) : IHostedService
{
    /// <summary>Entries read at most: 66 minutes of 4-second snapshots.</summary>
    public const int MaxEntries = 1_000;

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>How far back from the newest entry is worth reading: the longest window and its tolerance.</summary>
    public static readonly TimeSpan Reach = TimeSpan.FromMinutes(60) + IntradayWindows.ToleranceFor(TimeSpan.FromMinutes(60)) + TimeSpan.FromMinutes(1);

    private const int PageSize = 10;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await RebuildAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is RedisException or TimeoutException or OperationCanceledException)
        {
            LogFailed(logger, ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Feeds the history from <c>snapshots:raw</c>; returns the entries recorded.</summary>
    public async Task<RebuildCounts> RebuildAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var database = redis.GetDatabase();
        var (first, scanned) = await FindOldestWorthReadingAsync(database, cancellationToken).ConfigureAwait(false);
        var counts = new RebuildCounts(0, 0, 0);
        if (first is { } from)
        {
            var decoder = new RawSnapshotDecoder();
            var next = from;
            var exclusive = false;
            while (counts.Read < MaxEntries)
            {
                var page = await database.StreamRangeAsync(RedisKeys.RawSnapshots, exclusive ? "(" + next : next, "+", PageSize)
                    .WaitAsync(cancellationToken).ConfigureAwait(false);
                foreach (var entry in page)
                {
                    counts = counts with { Read = counts.Read + 1 };
                    try
                    {
                        history.Record(RawSnapshotEntry.Decode(decoder, entry));
                        counts = counts with { Recorded = counts.Recorded + 1 };
                    }
                    catch (RawSnapshotDecodeException)
                    {
                        // The scan loop dead-letters it when it reaches it; here it is only skipped.
                        counts = counts with { Undecodable = counts.Undecodable + 1 };
                    }
                }
                if (page.Length < PageSize)
                {
                    break;
                }
                next = page[^1].Id!;
                exclusive = true;
            }
        }
        var (recent, minute) = history.Kept;
        LogRebuilt(logger, counts.Recorded, counts.Read, scanned, counts.Undecodable, history.Tickers, recent, minute,
            history.Covered.TotalMinutes, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return counts;
    }

    /// <summary>Newest to oldest, as-of only: the id of the oldest entry within <see cref="Reach"/> of the newest, and how many entries were looked at.</summary>
    private static async Task<(string? First, int Scanned)> FindOldestWorthReadingAsync(IDatabase database, CancellationToken cancellationToken)
    {
        string? first = null;
        long newest = long.MinValue;
        var scanned = 0;
        var before = "+";
        while (scanned < MaxEntries)
        {
            var page = await database.StreamRangeAsync(RedisKeys.RawSnapshots, "-", before, PageSize, Order.Descending)
                .WaitAsync(cancellationToken).ConfigureAwait(false);
            foreach (var entry in page)
            {
                scanned++;
                long asOf;
                try
                {
                    asOf = RawSnapshotEntry.AsOfUnixMs(entry);
                }
                catch (RawSnapshotDecodeException)
                {
                    continue;
                }
                newest = Math.Max(newest, asOf);
                if (asOf < newest - (long)Reach.TotalMilliseconds)
                {
                    return (first, scanned);
                }
                first = entry.Id!;
            }
            if (page.Length < PageSize)
            {
                break;
            }
            before = "(" + page[^1].Id;
        }
        return (first, scanned);
    }

    /// <param name="Read">Entries read oldest to newest.</param>
    /// <param name="Recorded">Of those, decoded and given to the history.</param>
    /// <param name="Undecodable">Of those, skipped because they do not decode.</param>
    public readonly record struct RebuildCounts(int Read, int Recorded, int Undecodable);

    [LoggerMessage(Level = LogLevel.Information, Message = "Intraday history rebuilt from snapshots:raw: {Recorded} of {Read} entries recorded ({Scanned} looked at, {Undecodable} undecodable); {Tickers} tickers, {Recent} recent and {Minute} minute samples kept, {Minutes:F1} min covered, in {Milliseconds:F0} ms.")]
    private static partial void LogRebuilt(ILogger logger, int recorded, int read, int scanned, int undecodable, int tickers, int recent, int minute, double minutes, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Intraday history could not be rebuilt from snapshots:raw; it starts empty and the window fields stay null until live snapshots fill them.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
