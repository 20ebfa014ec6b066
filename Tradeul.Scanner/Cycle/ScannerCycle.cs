using System.Diagnostics;
using StackExchange.Redis;
using Tradeul.Scanner.Compute;
using Tradeul.Scanner.Consuming;
using Tradeul.Scanner.Enrichment;
using Tradeul.Scanner.Publishing;
using Tradeul.Shared.Market;

namespace Tradeul.Scanner.Cycle;

/// <summary>
/// One scan: take the newest snapshot, decode, compute, encode, publish, acknowledge. The
/// cycle's span links to the Ingest span that produced the snapshot, so one trace follows a
/// snapshot from provider to rankings. Not thread-safe: one loop drives it.
/// </summary>
public sealed class ScannerCycle(
    RawSnapshotConsumer consumer,
    ScanEngine engine,
    ScanOutputEncoder encoder,
    RankingPublisher publisher,
    EnrichmentCache enrichment,
    ScannerStats stats,
    ScannerTelemetry telemetry)
{
    private readonly RawSnapshotDecoder _decoder = new();

    /// <returns>False when no snapshot was waiting.</returns>
    public async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        StreamEntry? entry;
        try
        {
            entry = await consumer.ReadNewestAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A cycle that cannot even read (Redis down or refusing) is a failed cycle as well:
            // without this, failed_cycles stayed at 0 through a whole Redis outage.
            stats.Failed();
            telemetry.Cycle("failed", 0);
            throw;
        }
        if (entry is not { } snapshotEntry)
        {
            return false;
        }

        ActivityLink[]? links = null;
        if (ActivityContext.TryParse(snapshotEntry[RawSnapshotFormat.TraceParentField], snapshotEntry[RawSnapshotFormat.TraceStateField], out var ingestContext))
        {
            links = [new ActivityLink(ingestContext)];
        }
        using var activity = ScannerTelemetry.ActivitySource.StartActivity("scanner.cycle", ActivityKind.Consumer, parentContext: default, links: links);
        activity?.SetTag("scanner.entry_id", snapshotEntry.Id.ToString());
        var started = Stopwatch.GetTimestamp();
        try
        {
            RawSnapshot snapshot;
            using (ScannerTelemetry.ActivitySource.StartActivity("scanner.decode"))
            {
                try
                {
                    snapshot = RawSnapshotEntry.Decode(_decoder, snapshotEntry);
                }
                catch (RawSnapshotDecodeException ex)
                {
                    await consumer.DeadLetterAsync(snapshotEntry, ex.Reason, ex.Message, cancellationToken).ConfigureAwait(false);
                    stats.DeadLettered();
                    telemetry.DeadLettered(ex.Reason);
                    telemetry.Cycle("dead_lettered", 0);
                    activity?.SetTag("scanner.dead_letter_reason", ex.Reason);
                    return true;
                }
            }

            ScanResult result;
            using (ScannerTelemetry.ActivitySource.StartActivity("scanner.compute"))
            {
                result = engine.Scan(snapshot, enrichment.Current);
            }
            activity?.SetTag("scanner.session", result.Session.ToKey());
            activity?.SetTag("scanner.tickers_in", result.TickersIn);
            activity?.SetTag("scanner.tickers_out", result.TickersOut);

            // Outside every session the last rankings stand: nothing trades, nothing to rank.
            if (result.Session != MarketSession.Closed)
            {
                using (ScannerTelemetry.ActivitySource.StartActivity("scanner.publish"))
                {
                    await publisher.PublishAsync(encoder.Encode(result), cancellationToken).ConfigureAwait(false);
                }
            }
            await consumer.AcknowledgeAsync(snapshotEntry, cancellationToken).ConfigureAwait(false);

            var milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            stats.Scanned(snapshot.Sequence, result.Session.ToKey(), result.TickersIn, result.TickersOut, milliseconds);
            telemetry.Cycle(result.Session == MarketSession.Closed ? "closed" : "scanned", milliseconds);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Left pending on purpose: a newer snapshot supersedes it, and the claim pass
            // acknowledges it as stale then. Counted here, logged by the loop.
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            stats.Failed();
            telemetry.Cycle("failed", 0);
            throw;
        }
    }
}
