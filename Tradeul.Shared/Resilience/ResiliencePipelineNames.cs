namespace Tradeul.Shared.Resilience;

public static class ResiliencePipelineNames
{
    /// <summary>Retry, circuit breaker and timeout around Redis calls.</summary>
    public const string Redis = "tradeul-redis";

    /// <summary>Retry, circuit breaker and timeout around PostgreSQL calls.</summary>
    public const string Postgres = "tradeul-postgres";

    /// <summary>SnapshotManager's delta path: a failed delta falls back to a full snapshot.</summary>
    public const string SnapshotDelta = "tradeul-snapshot-delta";
}
