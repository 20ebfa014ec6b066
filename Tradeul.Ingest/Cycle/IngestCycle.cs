using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Registry;
using StackExchange.Redis;
using Tradeul.Ingest.DayRecord;
using Tradeul.Ingest.Providers;
using Tradeul.Ingest.Splits;
using Tradeul.Ingest.Telemetry;
using Tradeul.Ingest.Validation;
using Tradeul.Shared.Hosting;
using Tradeul.Shared.Market;
using Tradeul.Shared.Redis;
using Tradeul.Shared.Streams;

namespace Tradeul.Ingest.Cycle;

/// <summary>
/// One market snapshot: fetch (retried by the provider pipeline), apply the day's splits, fill the day
/// values the provider left at zero from the record of the day, validate, encode, and
/// publish as one <c>snapshots:raw</c> entry that carries this cycle's trace context, so
/// the scanner's span can link back to it. Not thread-safe: one loop drives it.
/// </summary>
public sealed partial class IngestCycle(
    IMarketDataProvider provider,
    SplitAdjuster splits,
    DayRecordKeeper dayRecord,
    StreamManager streams,
    IConnectionMultiplexer redis,
    ResiliencePipelineProvider<string> pipelines,
    IngestTelemetry telemetry,
    IngestStats stats,
    SnapshotPlausibility plausibility,
    ILogger<IngestCycle> logger)
{
    public const string ProviderPipeline = "tradeul-ingest-provider";

    private readonly ResiliencePipeline _providerPipeline = pipelines.GetPipeline(ProviderPipeline);
    private readonly RawSnapshotEncoder _encoder = new();
    private long? _sequence;

    /// <summary>
    /// Runs one cycle and returns the sequence of the newest published snapshot: this one's,
    /// or the previous one's when this snapshot was held back as suspect.
    /// </summary>
    public async Task<long> RunOnceAsync(CancellationToken cancellationToken)
    {
        using var activity = IngestTelemetry.ActivitySource.StartActivity("ingest.cycle", ActivityKind.Producer);
        activity?.SetTag("ingest.provider", provider.Name);
        var started = Stopwatch.GetTimestamp();
        var recordApplied = false;
        try
        {
            _sequence ??= await ReadLastPublishedAsync(cancellationToken).ConfigureAwait(false);

            ProviderSnapshot snapshot;
            using (IngestTelemetry.ActivitySource.StartActivity("ingest.fetch"))
            {
                snapshot = await _providerPipeline.ExecuteAsync(static (p, token) => new ValueTask<ProviderSnapshot>(p.FetchAsync(token)), provider, cancellationToken).ConfigureAwait(false);
            }
            using (IngestTelemetry.ActivitySource.StartActivity("ingest.splits"))
            {
                snapshot = await splits.AdjustAsync(snapshot, cancellationToken).ConfigureAwait(false);
            }

            using (IngestTelemetry.ActivitySource.StartActivity("ingest.day_record"))
            {
                snapshot = await dayRecord.ApplyAsync(snapshot, cancellationToken).ConfigureAwait(false);
                recordApplied = true;
            }

            ValidationResult validated;
            byte[] data;
            var session = MarketCalendar.SessionAt(snapshot.AsOf);
            using (IngestTelemetry.ActivitySource.StartActivity("ingest.encode"))
            {
                validated = ValidationResult.Of(snapshot.Quotes, session, snapshot.Dropped);
                if (!plausibility.Admit(validated.Accepted.Length, snapshot.AsOf, session))
                {
                    // Nothing reaches the Scanner, so the last rankings stand.
                    activity?.SetTag("ingest.suspect", true);
                    telemetry.Suspect();
                    stats.Suspect();
                    return _sequence.Value;
                }
                data = _encoder.Encode(validated.Accepted, snapshot.AsOf);
            }

            var sequence = _sequence.Value + 1;
            using (IngestTelemetry.ActivitySource.StartActivity("ingest.publish"))
            {
                await streams.AddAsync(RedisKeys.RawSnapshots,
                [
                    new(RawSnapshotFormat.VersionField, RawSnapshotFormat.Version),
                    new(RawSnapshotFormat.SequenceField, sequence),
                    new(RawSnapshotFormat.AsOfField, snapshot.AsOf.ToUnixTimeMilliseconds()),
                    new(RawSnapshotFormat.RowsField, validated.Accepted.Length),
                    new(RawSnapshotFormat.DataField, data),
                    new(RawSnapshotFormat.TraceParentField, activity?.Id ?? ""),
                    new(RawSnapshotFormat.TraceStateField, activity?.TraceStateString ?? ""),
                ], cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            _sequence = sequence;
            plausibility.Remember(validated.Accepted.Length, snapshot.AsOf, session);

            var milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            telemetry.Published(validated.Accepted.Length, validated.Dropped, milliseconds);
            stats.Published(sequence, validated.Accepted.Length, validated.Dropped, milliseconds);
            activity?.SetTag("ingest.sequence", sequence);
            activity?.SetTag("ingest.rows", validated.Accepted.Length);
            activity?.SetTag("ingest.bytes", data.Length);
            if (validated.Dropped.Count > 0)
            {
                LogDropped(logger, validated.Dropped.Values.Sum(), sequence, string.Join(", ", validated.Dropped.Select(d => $"{d.Key}={d.Value}")));
            }
            return sequence;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            if (ProviderFailures.IsRateLimited(ex))
            {
                telemetry.RateLimited();
                stats.RateLimited(ex, (ex as IRetryAfterHint)?.RetryAfter);
            }
            else
            {
                telemetry.Failed(ex);
                stats.Failed(ex);
            }
            throw;
        }
        finally
        {
            // After the snapshot is out (or held back, or failed to go out): the record's periodic
            // write must never delay a snapshot, nor be skipped because publishing keeps failing.
            if (recordApplied)
            {
                await PersistDayRecordIfDueAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task PersistDayRecordIfDueAsync(CancellationToken cancellationToken)
    {
        try
        {
            await dayRecord.PersistIfDueAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the shutdown write (DayRecordKeeper.PersistAsync) keeps the record, and this
            // must not replace the exception, if any, the cycle is ending with.
        }
    }

    /// <summary>
    /// Continue numbering after a restart from the newest entry already in the stream, and
    /// judge the next snapshot against that entry's row count.
    /// </summary>
    private async Task<long> ReadLastPublishedAsync(CancellationToken cancellationToken)
    {
        var newest = await NewestRawSnapshotEntry.ReadAsync(redis, cancellationToken).ConfigureAwait(false);
        if (newest is { Rows: { } rows, AsOf: { } asOf })
        {
            plausibility.Remember(rows, asOf, MarketCalendar.SessionAt(asOf));
        }
        return newest?.Sequence ?? 0;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dropped {Count} rows from snapshot {Sequence}: {Reasons}.")]
    private static partial void LogDropped(ILogger logger, int count, long sequence, string reasons);
}
