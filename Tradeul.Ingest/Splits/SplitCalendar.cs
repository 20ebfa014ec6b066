using System.Collections.Frozen;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tradeul.Shared.Hosting;
using Tradeul.Shared.Market;

namespace Tradeul.Ingest.Splits;

/// <summary>
/// The day's splits, fetched once per trading date (America/New_York) and kept for the rest of
/// it. A failed fetch is counted and logged, never thrown: the day counts as unknown and the
/// fetch is tried again on a later cycle once <c>Ingest:Splits:RetryDelay</c> has passed,
/// doubling up to <c>MaxRetryDelay</c> (an HTTP Retry-After that asks for longer wins), so a
/// failing endpoint is not called every 5 s cycle. Not thread-safe: the Ingest cycle drives it.
/// </summary>
public sealed partial class SplitCalendar
{
    private readonly ISplitSource? _source;
    private readonly FailureBackoff _backoff;
    private readonly TimeProvider _time;
    private readonly SplitStats _stats;
    private readonly SplitTelemetry _telemetry;
    private readonly ILogger _logger;
    private SplitDay? _day;
    private int _failures;
    private DateTimeOffset _nextAttempt;

    /// <param name="source">Null when <c>Ingest:Splits:Source</c> is none (the container then uses the default): every day is unknown.</param>
    public SplitCalendar(IOptions<SplitOptions> options, TimeProvider time, SplitStats stats, SplitTelemetry telemetry, ILogger<SplitCalendar> logger, ISplitSource? source = null)
    {
        _source = source;
        _backoff = new FailureBackoff(options.Value.RetryDelay, options.Value.MaxRetryDelay);
        _time = time;
        _stats = stats;
        _telemetry = telemetry;
        _logger = logger;
    }

    /// <summary>The splits executing on <paramref name="date"/>; fetches them when this date has none yet and a try is due.</summary>
    public async Task<SplitDay> ForAsync(DateOnly date, CancellationToken cancellationToken)
    {
        if (_day?.Date != date)
        {
            // A new trading date: yesterday's splits must not touch today's rows, and an outage
            // yesterday is no reason to wait today.
            _day = SplitDay.Unknown(date);
            _failures = 0;
            _nextAttempt = DateTimeOffset.MinValue;
        }
        if (_day.IsKnown || _source is null)
        {
            return _day;
        }
        if (!MarketCalendar.IsTradingDay(date))
        {
            // No session, no ex-date: nothing to ask anyone.
            return _day = new SplitDay(date, FrozenDictionary<string, double>.Empty);
        }
        if (_time.GetUtcNow() < _nextAttempt)
        {
            return _day;
        }
        try
        {
            var listed = await _source.SplitsOnAsync(date, cancellationToken).ConfigureAwait(false);
            _day = Resolve(date, listed, out var rejected, out var conflicting);
            _stats.Fetched(date, _day.Ratios!.Count, rejected, conflicting);
            _telemetry.Fetched("succeeded");
            LogFetched(_logger, _day.Ratios.Count, TradingDay.Iso(date), _source.Name);
            if (rejected > 0 || conflicting > 0)
            {
                LogBadRecords(_logger, rejected, conflicting, TradingDay.Iso(date));
            }
            return _day;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _failures++;
            var wait = _backoff.WaitAfter(_failures, ex, Random.Shared);
            _nextAttempt = _time.GetUtcNow() + wait;
            _stats.FetchFailed(date, ex, _nextAttempt);
            _telemetry.Fetched("failed");
            LogFetchFailed(_logger, ex, TradingDay.Iso(date), _source.Name, _failures, wait);
            return _day;
        }
    }

    /// <summary>
    /// Keeps usable records of <paramref name="date"/>; a symbol listed twice with different
    /// ratios maps to NaN, because which one is right cannot be told.
    /// </summary>
    internal static SplitDay Resolve(DateOnly date, IReadOnlyList<Split> listed, out int rejected, out int conflicting)
    {
        var ratios = new Dictionary<string, double>(StringComparer.Ordinal);
        rejected = 0;
        foreach (var split in listed)
        {
            if (!split.IsUsable || split.ExecutionDate != date)
            {
                rejected++;
                continue;
            }
            var ratio = split.Ratio;
            if (!ratios.TryGetValue(split.Symbol, out var earlier))
            {
                ratios[split.Symbol] = ratio;
            }
            else if (!(Math.Abs(earlier - ratio) <= 1e-9 * ratio))
            {
                // Polygon has listed one split twice: the same ratio again is no conflict. A NaN
                // earlier stays NaN (the comparison is false), so a third listing cannot settle it.
                ratios[split.Symbol] = double.NaN;
            }
        }
        conflicting = ratios.Values.Count(double.IsNaN);
        return new SplitDay(date, ratios.ToFrozenDictionary(StringComparer.Ordinal));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} symbols split on {Date} (source: {Source}).")]
    private static partial void LogFetched(ILogger logger, int count, string date, string source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Split listing for {Date}: {Rejected} records rejected (no symbol, split_from or split_to not a positive number, a ratio of 1, or another execution date) and {Conflicting} symbols listed with conflicting ratios; those symbols count as unresolved.")]
    private static partial void LogBadRecords(ILogger logger, int rejected, int conflicting, string date);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not fetch the splits of {Date} from {Source} ({Failures} failures today); suspect rows are held out until the next try in {Wait}.")]
    private static partial void LogFetchFailed(ILogger logger, Exception error, string date, string source, int failures, TimeSpan wait);
}
