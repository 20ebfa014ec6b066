namespace Tradeul.Shared.Redis;

/// <summary>Every Redis key name in one place (DESIGN.md, "Redis").</summary>
public static class RedisKeys
{
    public const string RawSnapshots = "snapshots:raw";
    public const string RankingDeltas = "stream:ranking:deltas";
    public const string RealtimeAggregates = "stream:realtime:aggregates";
    public const string FilteredTickers = "tickers:filtered";
    public const string DeadLetter = "stream:deadletter";
    public const string LastScanPersistence = "data_maintenance:last_scan_persistence";

    /// <summary>Pattern that matches every snapshot's delta stream, for stream limits.</summary>
    public const string SnapshotDeltasPattern = "snapshot:*:deltas";

    public static string SnapshotFull(string name) => $"snapshot:{name}:full";
    public static string SnapshotDeltas(string name) => $"snapshot:{name}:deltas";
    public static string FilteredComplete(string session) => $"scanner:filtered_complete:{session}";
    public static string TickerMetadata(string symbol) => $"metadata:ticker:{symbol}";
    public static string RvolBaseline(string symbol) => $"rvol:baseline:{symbol}";

    /// <summary>Ingest's record of one trading day (Brotli binary, TTL 2 days), e.g. <c>ingest:day_record:2026-11-30</c>.</summary>
    public static string DayRecord(DateOnly tradingDay) =>
        $"ingest:day_record:{Market.TradingDay.Iso(tradingDay)}";
}
