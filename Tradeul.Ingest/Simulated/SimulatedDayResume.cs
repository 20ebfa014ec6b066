using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Tradeul.Ingest.Cycle;
using Tradeul.Shared.Market;

namespace Tradeul.Ingest.Simulated;

/// <summary>
/// Resumes the simulated market where the newest <c>snapshots:raw</c> entry left it. Without this,
/// every restart outside trading hours replayed the latest trading day from 09:25, so the stream's
/// <c>as_of</c> jumped back while its sequence numbers went on (issue 11). Runs once before the
/// first snapshot, and only when <c>Simulated:StartTime</c> is unset: an explicit start is the
/// operator's choice. The clock only ever moves forward, so a stream older than the default start
/// (yesterday's, or this morning's during the session) changes nothing.
/// </summary>
public sealed partial class SimulatedDayResume(
    IConnectionMultiplexer redis,
    SimulatedMarket market,
    IOptions<SimulatedMarketOptions> options,
    ILogger<SimulatedDayResume> logger) : IIngestStartupTask
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (options.Value.StartTime is not null)
        {
            return;
        }
        var newest = await NewestRawSnapshotEntry.ReadAsync(redis, cancellationToken).ConfigureAwait(false);
        if (newest is null)
        {
            return;
        }
        if (newest.AsOf is not { } asOf)
        {
            // The Scanner dead-letters such an entry; Ingest starts from its default rather than refuse to start.
            LogUnreadableAsOf(logger, newest.Id, newest.AsOfText);
            return;
        }
        var defaultStart = market.Clock.Now;
        if (market.ResumeAt(asOf))
        {
            LogResumed(logger, asOf, defaultStart);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulated market resumes at {AsOf:O}, the as-of of the newest snapshots:raw entry, instead of {DefaultStart:O}.")]
    private static partial void LogResumed(ILogger logger, DateTimeOffset asOf, DateTimeOffset defaultStart);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The newest snapshots:raw entry {EntryId} has no readable asof (Unix ms) field ('{Value}'); the simulated market starts from its default time.")]
    private static partial void LogUnreadableAsOf(ILogger logger, string entryId, string? value);
}
