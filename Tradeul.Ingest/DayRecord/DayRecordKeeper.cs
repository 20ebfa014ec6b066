using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tradeul.Ingest.Providers;
using Tradeul.Ingest.Telemetry;
using Tradeul.Shared.Market;

namespace Tradeul.Ingest.DayRecord;

/// <summary>
/// Holds the record of the current trading day (<see cref="TradingDayRecord"/>) for the
/// ingest cycle: takes the day's kept record from Redis when a day is new to this process
/// (at start, and at 04:00 ET when the next trading day resets it), fills each snapshot from
/// it, and writes it back at most every <see cref="DayRecordOptions.PersistInterval"/> (after
/// the cycle has published its snapshot, <see cref="PersistIfDueAsync"/>) and at shutdown. Thread-safe.
/// </summary>
public sealed partial class DayRecordKeeper(
    DayRecordStore store,
    IOptions<DayRecordOptions> options,
    TimeProvider time,
    DayRecordTelemetry telemetry,
    IngestStats stats,
    ILogger<DayRecordKeeper> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private TradingDayRecord? _record;
    private long? _lastPersistAttempt;
    private DateTimeOffset? _lastPersistedAt;
    private int _filledRows;
    private int _unknownRows;
    private long _filledRowsTotal;
    private long _unknownRowsTotal;
    private long _persistFailures;
    private long _loadFailures;
    private string? _lastError;

    /// <summary>
    /// The snapshot with every day value the provider left at zero taken from the record
    /// where it knows it (see <see cref="TradingDayRecord"/>).
    /// </summary>
    /// <exception cref="StackExchange.Redis.RedisException">Reading the day's kept record failed; nothing was applied (a day is never started afresh over a record that could not be read).</exception>
    public async Task<ProviderSnapshot> ApplyAsync(ProviderSnapshot snapshot, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var day = TradingDay.Of(snapshot.AsOf);
            if (_record is null || _record.Date != day)
            {
                _record = await LoadOrStartAsync(day, cancellationToken).ConfigureAwait(false);
                _lastPersistAttempt = null;
            }
            var applied = _record.Apply(snapshot.Quotes, snapshot.AsOf, options.Value.MaxObservationGap);
            _filledRows = applied.FilledRows;
            _unknownRows = applied.UnknownRows;
            _filledRowsTotal += applied.FilledRows;
            _unknownRowsTotal += applied.UnknownRows;
            telemetry.Applied(applied.FilledRows, applied.UnknownRows);
            stats.DayRecordUpdated(Status());
            return snapshot with { Quotes = applied.Quotes };
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Writes the record when the last write was at least PersistInterval ago (or never). The
    /// ingest cycle calls this after it has published the snapshot, so the write never delays
    /// one; a failed write is counted and logged, not thrown.
    /// </summary>
    public async Task PersistIfDueAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_record is not null && (_lastPersistAttempt is not { } last || time.GetElapsedTime(last) >= options.Value.PersistInterval))
            {
                using var activity = IngestTelemetry.ActivitySource.StartActivity("ingest.day_record_persist");
                await PersistOrCountAsync(_record, cancellationToken).ConfigureAwait(false);
                stats.DayRecordUpdated(Status());
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Writes the record now (at shutdown); nothing to do before the first snapshot.</summary>
    /// <exception cref="StackExchange.Redis.RedisException">The write failed (also counted and logged).</exception>
    public async Task PersistAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_record is null)
            {
                return;
            }
            try
            {
                await store.SaveAsync(_record.Date, DayRecordCodec.Encode(_record), cancellationToken).ConfigureAwait(false);
                _lastPersistedAt = time.GetUtcNow();
                LogPersistedAtShutdown(logger, TradingDay.Iso(_record.Date), _record.Symbols);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                PersistFailed(_record.Date, ex);
                throw;
            }
            finally
            {
                stats.DayRecordUpdated(Status());
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<TradingDayRecord> LoadOrStartAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var kept = await store.LoadAsync(day, cancellationToken).ConfigureAwait(false);
        if (kept is null)
        {
            LogStarted(logger, TradingDay.Iso(day));
            return new TradingDayRecord(day);
        }
        try
        {
            var record = DayRecordCodec.Decode(kept, day);
            LogResumed(logger, TradingDay.Iso(day), record.Symbols, record.LastObservedAt, record.CoversDayStart);
            return record;
        }
        catch (DayRecordFormatException ex)
        {
            // The kept bytes are useless whatever we do; starting afresh only costs knowledge,
            // which the record then reports as unknown, and the next write replaces them.
            _loadFailures++;
            _lastError = $"{ex.GetType().Name}: {ex.Message}";
            telemetry.StoreFailed("load");
            LogUnreadable(logger, ex, TradingDay.Iso(day));
            return new TradingDayRecord(day);
        }
    }

    /// <summary>
    /// A failed periodic write must not cost the snapshot it rides on: it is logged, counted
    /// (stats, metric) and tried again one PersistInterval later.
    /// </summary>
    private async Task PersistOrCountAsync(TradingDayRecord record, CancellationToken cancellationToken)
    {
        _lastPersistAttempt = time.GetTimestamp();
        try
        {
            await store.SaveAsync(record.Date, DayRecordCodec.Encode(record), cancellationToken).ConfigureAwait(false);
            _lastPersistedAt = time.GetUtcNow();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            PersistFailed(record.Date, ex);
        }
    }

    private void PersistFailed(DateOnly day, Exception ex)
    {
        _persistFailures++;
        _lastError = $"{ex.GetType().Name}: {ex.Message}";
        telemetry.StoreFailed("persist");
        LogPersistFailed(logger, ex, TradingDay.Iso(day));
    }

    private DayRecordStatus Status() => new(
        _record is null ? null : TradingDay.Iso(_record.Date),
        _record?.Symbols ?? 0,
        _record?.CoversDayStart ?? false,
        _record?.LastObservedAt,
        _filledRows,
        _unknownRows,
        _filledRowsTotal,
        _unknownRowsTotal,
        _lastPersistedAt,
        _persistFailures,
        _loadFailures,
        _lastError);


    [LoggerMessage(Level = LogLevel.Information, Message = "Record of trading day {Day} started: nothing kept for it in Redis.")]
    private static partial void LogStarted(ILogger logger, string day);

    [LoggerMessage(Level = LogLevel.Information, Message = "Record of trading day {Day} resumed from Redis: {Symbols} symbols, last observed {LastObservedAt}, covers 04:00 ET: {CoversDayStart}.")]
    private static partial void LogResumed(ILogger logger, string day, int symbols, DateTimeOffset? lastObservedAt, bool coversDayStart);

    [LoggerMessage(Level = LogLevel.Error, Message = "The kept record of trading day {Day} cannot be read; the day's record starts afresh and knows no day high or low until the provider's day bar gives them.")]
    private static partial void LogUnreadable(ILogger logger, Exception error, string day);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing the record of trading day {Day} to Redis failed; a restart now would resume from an older record.")]
    private static partial void LogPersistFailed(ILogger logger, Exception error, string day);

    [LoggerMessage(Level = LogLevel.Information, Message = "Record of trading day {Day} written at shutdown: {Symbols} symbols.")]
    private static partial void LogPersistedAtShutdown(ILogger logger, string day, int symbols);
}
