using System.Text.Json.Serialization;
using Tradeul.Ingest.Splits;
using Tradeul.Ingest.DayRecord;

namespace Tradeul.Ingest;

/// <summary>What <c>GET /api/ingest/stats</c> reports; updated by the cycle, read by the endpoint.</summary>
public sealed class IngestStats(string provider)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _dropped = new(StringComparer.Ordinal);
    private long _cycles;
    private long _failedCycles;
    private long _rows;
    private long _rowsTotal;
    private double _lastCycleMs;
    private long _lastSequence;
    private string? _lastError;
    private DayRecordStatus _dayRecord = DayRecordStatus.None;

    /// <summary>Split calendar and adjustment counts, reported under <c>splits</c>.</summary>
    public SplitStats? Splits { get; init; }
    private long _rateLimited;
    private double? _lastRetryAfterSeconds;
    private long _suspectSnapshots;

    public void Published(long sequence, int rows, IReadOnlyDictionary<string, int> dropped, double milliseconds)
    {
        lock (_gate)
        {
            _cycles++;
            _rows = rows;
            _rowsTotal += rows;
            _lastCycleMs = milliseconds;
            _lastSequence = sequence;
            foreach (var (reason, count) in dropped)
            {
                _dropped[reason] = _dropped.GetValueOrDefault(reason) + count;
            }
        }
    }

    public void Failed(Exception error)
    {
        lock (_gate)
        {
            _failedCycles++;
            _lastError = $"{error.GetType().Name}: {error.Message}";
        }
    }

    public void DayRecordUpdated(DayRecordStatus status)
    {
        lock (_gate)
        {
            _dayRecord = status;
        }
    }

    /// <summary>A cycle the provider refused with HTTP 429; not counted in <c>failed_cycles</c>.</summary>
    /// <param name="retryAfter">The answer's Retry-After; null when it had none.</param>
    public void RateLimited(Exception error, TimeSpan? retryAfter)
    {
        lock (_gate)
        {
            _rateLimited++;
            _lastRetryAfterSeconds = retryAfter?.TotalSeconds;
            _lastError = $"{error.GetType().Name}: {error.Message}";
        }
    }

    /// <summary>A snapshot held back as implausible (see <c>SnapshotPlausibility</c>); not a cycle and not a failure.</summary>
    public void Suspect()
    {
        lock (_gate)
        {
            _suspectSnapshots++;
        }
    }

    public Snapshot Read()
    {
        lock (_gate)
        {
            return new Snapshot(provider, _cycles, _failedCycles, _rows, _rowsTotal, new Dictionary<string, long>(_dropped), Math.Round(_lastCycleMs, 3), _lastSequence, _lastError,
                _rateLimited, _lastRetryAfterSeconds, _suspectSnapshots, _dayRecord)
            {
                Splits = Splits?.Read(),
            };
        }
    }

    public sealed record Snapshot(
        [property: JsonPropertyName("provider")] string Provider,
        [property: JsonPropertyName("cycles")] long Cycles,
        [property: JsonPropertyName("failed_cycles")] long FailedCycles,
        [property: JsonPropertyName("rows")] long Rows,
        [property: JsonPropertyName("rows_total")] long RowsTotal,
        [property: JsonPropertyName("dropped")] IReadOnlyDictionary<string, long> Dropped,
        [property: JsonPropertyName("last_cycle_ms")] double LastCycleMs,
        [property: JsonPropertyName("last_sequence")] long LastSequence,
        [property: JsonPropertyName("last_error")] string? LastError,
        [property: JsonPropertyName("rate_limited")] long RateLimited,
        [property: JsonPropertyName("last_retry_after_s")] double? LastRetryAfterSeconds,
        [property: JsonPropertyName("suspect_snapshots")] long SuspectSnapshots,
        [property: JsonPropertyName("day_record")] DayRecordStatus DayRecord)
    {
        [JsonPropertyName("splits")]
        public SplitStats.Snapshot? Splits { get; init; }
    }
}
