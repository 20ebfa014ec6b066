using Tradeul.Shared.Market;
using System.Text.Json.Serialization;

namespace Tradeul.Ingest.Splits;

/// <summary>The <c>splits</c> part of <c>GET /api/ingest/stats</c>; updated by the calendar and the adjuster, read by the endpoint.</summary>
public sealed class SplitStats(string source)
{
    private readonly Lock _gate = new();
    private DateOnly? _date;
    private bool _known;
    private int _listed;
    private int _conflicting;
    private long _rejectedRecords;
    private long _fetches;
    private long _fetchFailures;
    private string? _lastFetchError;
    private DateTimeOffset? _nextFetchAt;
    private int _adjustedRows;
    private int _unresolvedRows;
    private long _adjustedRowsTotal;
    private long _unresolvedRowsTotal;

    public void Fetched(DateOnly date, int listed, int rejected, int conflicting)
    {
        lock (_gate)
        {
            MoveTo(date);
            _fetches++;
            _listed = listed;
            _conflicting = conflicting;
            _rejectedRecords += rejected;
            _nextFetchAt = null;
        }
    }

    public void FetchFailed(DateOnly date, Exception error, DateTimeOffset nextAttempt)
    {
        lock (_gate)
        {
            MoveTo(date);
            _fetchFailures++;
            _lastFetchError = $"{error.GetType().Name}: {error.Message}";
            _nextFetchAt = nextAttempt;
        }
    }

    /// <summary>One snapshot's outcome: how many rows were adjusted and how many held out as unresolved.</summary>
    public void Rows(DateOnly date, bool known, int adjusted, int unresolved)
    {
        lock (_gate)
        {
            MoveTo(date);
            _known = known;
            _adjustedRows = adjusted;
            _unresolvedRows = unresolved;
            _adjustedRowsTotal += adjusted;
            _unresolvedRowsTotal += unresolved;
        }
    }

    /// <summary>Counts that describe one date start again on the next (under the lock).</summary>
    private void MoveTo(DateOnly date)
    {
        if (_date != date)
        {
            _date = date;
            _listed = 0;
            _conflicting = 0;
            _nextFetchAt = null;
        }
    }

    public Snapshot Read()
    {
        lock (_gate)
        {
            return new Snapshot(source, _date is { } date ? TradingDay.Iso(date) : null, _known, _listed, _conflicting,
                _rejectedRecords, _fetches, _fetchFailures, _lastFetchError, _nextFetchAt,
                _adjustedRows, _unresolvedRows, _adjustedRowsTotal, _unresolvedRowsTotal);
        }
    }

    /// <param name="Source">"polygon", "simulated" or "none".</param>
    /// <param name="Date">The trading date (America/New_York, yyyy-MM-dd) of the last snapshot.</param>
    /// <param name="Known">Whether that date's splits are known; false while a fetch has failed or with no source.</param>
    /// <param name="Listed">Symbols that split on that date.</param>
    /// <param name="NextFetchAt">When a failed fetch is tried again (UTC); null when none is pending.</param>
    /// <param name="AdjustedRows">Rows of the last snapshot whose previous close was split-adjusted.</param>
    /// <param name="UnresolvedRows">Rows of the last snapshot held out of change and gap categories as unresolved splits.</param>
    public sealed record Snapshot(
        [property: JsonPropertyName("source")] string Source,
        [property: JsonPropertyName("date")] string? Date,
        [property: JsonPropertyName("known")] bool Known,
        [property: JsonPropertyName("listed")] int Listed,
        [property: JsonPropertyName("conflicting")] int Conflicting,
        [property: JsonPropertyName("rejected_records")] long RejectedRecords,
        [property: JsonPropertyName("fetches")] long Fetches,
        [property: JsonPropertyName("fetch_failures")] long FetchFailures,
        [property: JsonPropertyName("last_fetch_error")] string? LastFetchError,
        [property: JsonPropertyName("next_fetch_at")] DateTimeOffset? NextFetchAt,
        [property: JsonPropertyName("adjusted_rows")] int AdjustedRows,
        [property: JsonPropertyName("unresolved_rows")] int UnresolvedRows,
        [property: JsonPropertyName("adjusted_rows_total")] long AdjustedRowsTotal,
        [property: JsonPropertyName("unresolved_rows_total")] long UnresolvedRowsTotal);
}
