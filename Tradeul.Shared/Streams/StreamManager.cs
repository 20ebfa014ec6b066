using Microsoft.Extensions.Logging;
using Polly;
using Polly.Registry;
using StackExchange.Redis;
using Tradeul.Shared.Resilience;

namespace Tradeul.Shared.Streams;

/// <summary>
/// The only way services write streams: every XADD carries the stream's MAXLEN, so no
/// stream can grow past its bound between two runs of the trim loop. Failures (an OOM
/// reply under noeviction above all) are counted and thrown, never swallowed.
/// </summary>
public sealed partial class StreamManager(
    IConnectionMultiplexer redis,
    StreamLimits limits,
    StreamMetrics metrics,
    ResiliencePipelineProvider<string> pipelines,
    ILogger<StreamManager> logger)
{
    private readonly ResiliencePipeline _pipeline = pipelines.GetPipeline(ResiliencePipelineNames.Redis);

    public StreamLimit GetLimit(string stream) => limits.Resolve(stream);

    /// <summary>XADD with the stream's MAXLEN; returns the entry id.</summary>
    /// <param name="messageId">An explicit id (SnapshotManager numbers deltas by sequence); null for "*".</param>
    public async Task<RedisValue> AddAsync(string stream, NameValueEntry[] fields, RedisValue? messageId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        ArgumentNullException.ThrowIfNull(fields);
        var limit = limits.Resolve(stream);
        var database = redis.GetDatabase();
        try
        {
            var id = await _pipeline.ExecuteAsync(
                static async (state, token) => await state.database
                    .StreamAddAsync(state.stream, state.fields, state.messageId, state.limit.MaxLength, state.limit.Approximate)
                    .WaitAsync(token).ConfigureAwait(false),
                (database, stream, fields, messageId, limit),
                cancellationToken).ConfigureAwait(false);
            metrics.Added(stream);
            return id;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            metrics.AddFailed(stream, ex);
            throw;
        }
    }

    public async Task<long> LengthAsync(string stream, CancellationToken cancellationToken = default)
    {
        var length = await redis.GetDatabase().StreamLengthAsync(stream).WaitAsync(cancellationToken).ConfigureAwait(false);
        metrics.Observed(stream, length);
        return length;
    }

    /// <summary>
    /// Checks XLEN and, past TrimThreshold, trims exactly to MaxLength. Entries written by
    /// something other than StreamManager (or before a limit was lowered) end up here.
    /// </summary>
    public async Task<StreamTrimOutcome> TrimIfOverThresholdAsync(string stream, CancellationToken cancellationToken = default)
    {
        var limit = limits.Resolve(stream);
        var database = redis.GetDatabase();
        var length = await LengthAsync(stream, cancellationToken).ConfigureAwait(false);
        if (length <= limit.TrimThreshold)
        {
            return new StreamTrimOutcome(length, 0);
        }
        var removed = await database.StreamTrimAsync(stream, limit.MaxLength, useApproximateMaxLength: false)
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        metrics.Trimmed(stream, removed);
        metrics.Observed(stream, length - removed);
        LogTrimmed(logger, stream, length, removed, limit.MaxLength);
        return new StreamTrimOutcome(length, removed);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Trimmed {Stream} from {Length} entries by {Removed} to MaxLength {MaxLength}.")]
    private static partial void LogTrimmed(ILogger logger, string stream, long length, long removed, int maxLength);
}
