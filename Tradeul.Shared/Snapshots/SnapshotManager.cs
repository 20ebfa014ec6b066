using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;
using StackExchange.Redis;
using Tradeul.Shared.Redis;
using Tradeul.Shared.Resilience;
using Tradeul.Shared.Streams;

namespace Tradeul.Shared.Snapshots;

/// <summary>
/// Saves named, ordered states as compressed full snapshots (<c>snapshot:{name}:full</c>)
/// plus deltas (<c>snapshot:{name}:deltas</c>, entry id = sequence), choosing by itself
/// which to write, and rebuilds them exactly with <see cref="LoadAsync"/>.
/// </summary>
public sealed partial class SnapshotManager
{
    private readonly IConnectionMultiplexer _redis;
    private readonly StreamManager _streams;
    private readonly SnapshotOptions _options;
    private readonly SnapshotMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<SnapshotManager> _logger;
    private readonly ResiliencePipeline _redisPipeline;
    private readonly ResiliencePipeline<SnapshotSaveResult> _deltaPipeline;
    private readonly ConcurrentDictionary<string, Writer> _writers = new(StringComparer.Ordinal);

    public SnapshotManager(
        IConnectionMultiplexer redis,
        StreamManager streams,
        IOptions<SnapshotOptions> options,
        ResiliencePipelineProvider<string> pipelines,
        SnapshotMetrics metrics,
        TimeProvider time,
        ILogger<SnapshotManager> logger)
    {
        _redis = redis;
        _streams = streams;
        _options = options.Value;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _redisPipeline = pipelines.GetPipeline(ResiliencePipelineNames.Redis);
        _deltaPipeline = pipelines.GetPipeline<SnapshotSaveResult>(ResiliencePipelineNames.SnapshotDelta);
    }

    public async Task<SnapshotSaveResult> SaveAsync(string name, IReadOnlyList<SnapshotRow> rows, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(rows);
        var next = SnapshotState.CopyOf(rows);
        var writer = _writers.GetOrAdd(name, static n => new Writer(n));

        using var activity = SnapshotMetrics.ActivitySource.StartActivity("snapshot.save");
        activity?.SetTag("snapshot.name", name);
        await writer.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var result = await ChooseAndSaveAsync(writer, next, cancellationToken).ConfigureAwait(false);
            _metrics.Saved(result);
            if (activity is not null)
            {
                activity.SetTag("snapshot.kind", result.Kind.ToString().ToLowerInvariant());
                activity.SetTag("snapshot.reason", result.Reason.ToString());
                activity.SetTag("snapshot.sequence", result.Sequence);
                activity.SetTag("snapshot.rows", result.Rows);
                activity.SetTag("snapshot.raw_bytes", result.RawBytes);
                activity.SetTag("snapshot.stored_bytes", result.StoredBytes);
            }
            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
        finally
        {
            writer.Gate.Release();
        }
    }

    private async Task<SnapshotSaveResult> ChooseAndSaveAsync(Writer writer, SnapshotState next, CancellationToken cancellationToken)
    {
        if (writer.Current is null)
        {
            writer.Sequence = await ReadLastSequenceAsync(writer.Name, cancellationToken).ConfigureAwait(false);
            return await SaveFullAsync(writer, next, SnapshotSaveReason.First, cancellationToken).ConfigureAwait(false);
        }
        if (_time.GetUtcNow() - writer.FullSavedAt >= _options.FullInterval)
        {
            return await SaveFullAsync(writer, next, SnapshotSaveReason.Interval, cancellationToken).ConfigureAwait(false);
        }
        var chainLimit = Math.Min(_options.MaxDeltasPerFull, _streams.GetLimit(RedisKeys.SnapshotDeltas(writer.Name)).MaxLength);
        if (writer.DeltasSinceFull >= chainLimit)
        {
            return await SaveFullAsync(writer, next, SnapshotSaveReason.ChainLimit, cancellationToken).ConfigureAwait(false);
        }

        var deltaRaw = SnapshotCodec.EncodeDelta(SnapshotDiff.Compute(writer.Current, next));
        if (deltaRaw.Length > _options.MaxDeltaRatio * next.FullRawLength())
        {
            return await SaveFullAsync(writer, next, SnapshotSaveReason.DeltaTooLarge, cancellationToken).ConfigureAwait(false);
        }

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            context.Properties.Set(SnapshotDeltaPipeline.SnapshotName, writer.Name);
            context.Properties.Set(SnapshotDeltaPipeline.SaveFull, token => new ValueTask<SnapshotSaveResult>(SaveFullAsync(writer, next, SnapshotSaveReason.DeltaFailed, token)));
            return await _deltaPipeline.ExecuteAsync(
                static async (ctx, state) => await state.self.SaveDeltaAsync(state.writer, state.next, state.deltaRaw, ctx.CancellationToken).ConfigureAwait(false),
                context,
                (self: this, writer, next, deltaRaw)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async Task<SnapshotSaveResult> SaveFullAsync(Writer writer, SnapshotState next, SnapshotSaveReason reason, CancellationToken cancellationToken)
    {
        var sequence = writer.Sequence + 1;
        var now = _time.GetUtcNow();
        var raw = SnapshotCodec.EncodeFull(next);
        var header = new SnapshotHeader(SnapshotKind.Full, sequence, sequence, writer.Sequence, now.ToUnixTimeMilliseconds(), raw.Length, next.Count);
        var packed = SnapshotCodec.Pack(header, raw, _options.CompressionQuality);

        await _redisPipeline.ExecuteAsync(static async (state, token) =>
        {
            // One transaction: readers never see the new full snapshot next to deltas of the old one.
            var transaction = state.database.CreateTransaction();
            var set = transaction.StringSetAsync(state.fullKey, state.packed);
            var clear = transaction.KeyDeleteAsync(state.deltasKey);
            await Task.WhenAll(transaction.ExecuteAsync(), set, clear).WaitAsync(token).ConfigureAwait(false);
        }, (database: _redis.GetDatabase(), fullKey: (RedisKey)RedisKeys.SnapshotFull(writer.Name), deltasKey: (RedisKey)RedisKeys.SnapshotDeltas(writer.Name), packed), cancellationToken).ConfigureAwait(false);

        writer.Sequence = sequence;
        writer.FullSequence = sequence;
        writer.FullSavedAt = now;
        writer.DeltasSinceFull = 0;
        writer.Current = next;
        return new SnapshotSaveResult(writer.Name, SnapshotKind.Full, reason, sequence, sequence, next.Count, raw.Length, packed.Length);
    }

    private async Task<SnapshotSaveResult> SaveDeltaAsync(Writer writer, SnapshotState next, byte[] deltaRaw, CancellationToken cancellationToken)
    {
        var sequence = writer.Sequence + 1;
        var header = new SnapshotHeader(SnapshotKind.Delta, sequence, writer.FullSequence, writer.Sequence, _time.GetUtcNow().ToUnixTimeMilliseconds(), deltaRaw.Length, next.Count);
        var packed = SnapshotCodec.Pack(header, deltaRaw, _options.CompressionQuality);
        await _streams.AddAsync(
            RedisKeys.SnapshotDeltas(writer.Name),
            [new("seq", sequence), new("base", writer.FullSequence), new("data", packed)],
            messageId: $"{sequence}-0",
            cancellationToken).ConfigureAwait(false);

        writer.Sequence = sequence;
        writer.DeltasSinceFull++;
        writer.Current = next;
        return new SnapshotSaveResult(writer.Name, SnapshotKind.Delta, SnapshotSaveReason.Delta, sequence, writer.FullSequence, next.Count, deltaRaw.Length, packed.Length);
    }

    /// <summary>
    /// The newest sequence already in Redis, so a restarted writer keeps numbering upwards and
    /// clients that track sequences see the restart as a new full snapshot, not a rewind.
    /// </summary>
    private async Task<long> ReadLastSequenceAsync(string name, CancellationToken cancellationToken)
    {
        var database = _redis.GetDatabase();
        var headerBytes = (byte[]?)await database.StringGetRangeAsync(RedisKeys.SnapshotFull(name), 0, SnapshotHeader.Size - 1).WaitAsync(cancellationToken).ConfigureAwait(false);
        long last = 0;
        if (headerBytes is { Length: SnapshotHeader.Size })
        {
            try
            {
                last = SnapshotHeader.Read(headerBytes).Sequence;
            }
            catch (InvalidDataException ex)
            {
                LogUnreadableFull(_logger, ex, name);
            }
        }
        var deltasKey = RedisKeys.SnapshotDeltas(name);
        if (await database.KeyTypeAsync(deltasKey).WaitAsync(cancellationToken).ConfigureAwait(false) == RedisType.Stream)
        {
            var newest = await database.StreamRangeAsync(deltasKey, "-", "+", 1, Order.Descending).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (newest.Length == 1 && long.TryParse(((string?)newest[0].Id)?.Split('-')[0], out var deltaSequence))
            {
                last = Math.Max(last, deltaSequence);
            }
        }
        return last;
    }

    /// <summary>
    /// Rebuilds the newest state: the full snapshot, then every delta after it. Returns null
    /// when nothing was ever saved under <paramref name="name"/>. On a gap or an unreadable
    /// delta, returns the full snapshot alone and says why in <see cref="SnapshotLoadResult.FallbackReason"/>.
    /// </summary>
    public async Task<SnapshotLoadResult?> LoadAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        using var activity = SnapshotMetrics.ActivitySource.StartActivity("snapshot.load");
        activity?.SetTag("snapshot.name", name);

        // One transaction so the full snapshot and its deltas are read at the same instant.
        var transaction = _redis.GetDatabase().CreateTransaction();
        var fullTask = transaction.StringGetAsync(RedisKeys.SnapshotFull(name));
        var deltasTask = transaction.StreamRangeAsync(RedisKeys.SnapshotDeltas(name), "-", "+");
        var executed = transaction.ExecuteAsync();
        await Task.WhenAll(executed, fullTask, deltasTask.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default)).WaitAsync(cancellationToken).ConfigureAwait(false);

        var full = (byte[]?)fullTask.Result;
        if (full is null)
        {
            return null;
        }
        var (fullHeader, fullRaw) = SnapshotCodec.Unpack(full);
        if (fullHeader.Kind != SnapshotKind.Full)
        {
            throw new InvalidDataException($"snapshot:{name}:full holds a {fullHeader.Kind} payload.");
        }
        var fullState = SnapshotCodec.DecodeFull(fullRaw);
        var state = fullState;
        var sequence = fullHeader.Sequence;
        var savedAt = fullHeader.SavedAtUnixMs;
        var applied = 0;
        string? fallback = null;

        if (deltasTask.IsFaulted)
        {
            fallback = $"deltas unreadable: {deltasTask.Exception!.InnerException?.Message}";
        }
        else
        {
            foreach (var entry in deltasTask.Result)
            {
                try
                {
                    var (header, raw) = SnapshotCodec.Unpack((byte[])entry["data"]!);
                    if (header.Kind != SnapshotKind.Delta || header.BaseSequence != fullHeader.Sequence)
                    {
                        fallback = $"delta {entry.Id} builds on full {header.BaseSequence}, not on {fullHeader.Sequence}";
                        break;
                    }
                    if (header.PreviousSequence != sequence)
                    {
                        fallback = $"gap: delta {header.Sequence} follows {header.PreviousSequence}, but the newest applied is {sequence}";
                        break;
                    }
                    state = SnapshotDiff.Apply(state, SnapshotCodec.DecodeDelta(raw));
                    sequence = header.Sequence;
                    savedAt = header.SavedAtUnixMs;
                    applied++;
                }
                catch (Exception ex) when (ex is InvalidDataException or ArgumentException or OverflowException or InvalidCastException)
                {
                    fallback = $"delta {entry.Id} unreadable: {ex.Message}";
                    break;
                }
            }
        }

        if (fallback is not null)
        {
            _metrics.LoadFellBack(name);
            LogLoadFellBack(_logger, name, fullHeader.Sequence, fallback);
            activity?.SetTag("snapshot.fallback", fallback);
            state = fullState;
            sequence = fullHeader.Sequence;
            savedAt = fullHeader.SavedAtUnixMs;
            applied = 0;
        }
        activity?.SetTag("snapshot.sequence", sequence);
        activity?.SetTag("snapshot.deltas_applied", applied);
        return new SnapshotLoadResult(name, state.Rows, sequence, fullHeader.Sequence, applied, DateTimeOffset.FromUnixTimeMilliseconds(savedAt), fallback);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot {Snapshot}: returning full snapshot {FullSequence} alone because {Reason}.")]
    private static partial void LogLoadFellBack(ILogger logger, string snapshot, long fullSequence, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot {Snapshot}: the stored full snapshot is unreadable; numbering restarts from the deltas.")]
    private static partial void LogUnreadableFull(ILogger logger, Exception error, string snapshot);

    /// <summary>What one snapshot name's writer knows; guarded by <see cref="Gate"/>.</summary>
    private sealed class Writer(string name)
    {
        public string Name { get; } = name;
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public SnapshotState? Current { get; set; }
        public long Sequence { get; set; }
        public long FullSequence { get; set; }
        public DateTimeOffset FullSavedAt { get; set; }
        public int DeltasSinceFull { get; set; }
    }
}
