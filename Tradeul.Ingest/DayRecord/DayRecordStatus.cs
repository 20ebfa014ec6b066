using System.Text.Json.Serialization;

namespace Tradeul.Ingest.DayRecord;

/// <summary>The <c>day_record</c> object of <c>GET /api/ingest/stats</c>.</summary>
/// <param name="TradingDay">The trading day recorded (yyyy-MM-dd, New York), null before the first snapshot.</param>
/// <param name="Symbols">Symbols in the record.</param>
/// <param name="CoversDayStart">True while every snapshot since 04:00 ET was observed without a gap over <c>MaxObservationGap</c>.</param>
/// <param name="LastObservedAt">As-of time of the newest snapshot observed (UTC).</param>
/// <param name="FilledRows">Rows of the last snapshot that took a day value (open, high, low, volume, VWAP) from the record.</param>
/// <param name="UnknownRows">Rows of the last snapshot published with no day high or low (null downstream).</param>
/// <param name="FilledRowsTotal">Since start.</param>
/// <param name="UnknownRowsTotal">Since start.</param>
/// <param name="LastPersistedAt">Host time of the last successful write to Redis (UTC).</param>
/// <param name="PersistFailures">Failed writes since start.</param>
/// <param name="LoadFailures">Kept records that could not be read back (the day started afresh) since start.</param>
/// <param name="LastError">The latest load or write error.</param>
public sealed record DayRecordStatus(
    [property: JsonPropertyName("trading_day")] string? TradingDay,
    [property: JsonPropertyName("symbols")] int Symbols,
    [property: JsonPropertyName("covers_day_start")] bool CoversDayStart,
    [property: JsonPropertyName("last_observed_at")] DateTimeOffset? LastObservedAt,
    [property: JsonPropertyName("filled_rows")] int FilledRows,
    [property: JsonPropertyName("unknown_rows")] int UnknownRows,
    [property: JsonPropertyName("filled_rows_total")] long FilledRowsTotal,
    [property: JsonPropertyName("unknown_rows_total")] long UnknownRowsTotal,
    [property: JsonPropertyName("last_persisted_at")] DateTimeOffset? LastPersistedAt,
    [property: JsonPropertyName("persist_failures")] long PersistFailures,
    [property: JsonPropertyName("load_failures")] long LoadFailures,
    [property: JsonPropertyName("last_error")] string? LastError)
{
    public static DayRecordStatus None { get; } = new(null, 0, false, null, 0, 0, 0, 0, null, 0, 0, null);
}
