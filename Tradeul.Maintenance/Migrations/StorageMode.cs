namespace Tradeul.Maintenance.Migrations;

/// <summary>
/// What the PostgreSQL server offers for time-series data (DESIGN.md, "PostgreSQL /
/// TimescaleDB"). It decides who keeps the stores bounded: TimescaleDB's own policies, or
/// Maintenance deleting expired rows and filling the rollup tables itself.
/// </summary>
public enum StorageMode
{
    /// <summary>Plain PostgreSQL: ordinary tables; Maintenance does retention and rollups.</summary>
    PostgreSql,

    /// <summary>TimescaleDB's Apache edition (managed Azure PostgreSQL): hypertables, but no policies, compression or continuous aggregates.</summary>
    TimescaleDbApache,

    /// <summary>TimescaleDB with the Timescale License: hypertables, retention and compression policies, continuous aggregates.</summary>
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
