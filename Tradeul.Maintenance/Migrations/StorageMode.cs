namespace Tradeul.Maintenance.Migrations;

/// <summary>
/// What the database holds for time-series data, read from
/// its objects by <see cref="Storage.StorageLayout.Mode"/>. A summary: who enforces each bound is
/// decided bound by bound (TimescaleDB's policy where one is scheduled, Maintenance elsewhere).
/// </summary>
public enum StorageMode
{
    /// <summary>Ordinary tables (plain PostgreSQL, or TimescaleDB created but not yet used by <c>migrate</c>); Maintenance does retention and rollups.</summary>
    PostgreSql,

    /// <summary>
    /// Hypertables, but not every bound has a scheduled TimescaleDB policy: the Apache edition (managed Azure
    /// PostgreSQL), which has no policies, compression or continuous aggregates, or a full edition with a
    /// policy missing or paused. Maintenance enforces what no policy does (drop_chunks, deletes, rollup tables).
    /// </summary>
    TimescaleDbApache,

    /// <summary>Hypertables, scheduled retention and compression policies, and both rollups as refreshed continuous aggregates: TimescaleDB enforces every bound.</summary>
    TimescaleDb,
}

public static class StorageModeNames
{
    /// <summary>The names used in logs, health data and configuration.</summary>
    public static string ToKey(this StorageMode mode) => mode switch
    {
        StorageMode.TimescaleDbApache => "timescaledb-apache",
        StorageMode.TimescaleDb => "timescaledb",
        _ => "postgresql",
    };
}
