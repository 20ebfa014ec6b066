using System.Text.Json.Serialization;
using Tradeul.Maintenance.Jobs;
using Tradeul.Maintenance.Storage;

namespace Tradeul.Maintenance.Status;

/// <summary>
/// The body of <c>GET /api/maintenance/status</c>. A part that could not be read is null, with the reason in
/// <see cref="PostgresError"/> or <see cref="RedisError"/> (type and a message without connection details).
/// </summary>
public sealed record MaintenanceStatus
{
    /// <summary><c>postgresql</c>, <c>timescaledb-apache</c> or <c>timescaledb</c>, read from the database's objects; the last known mode when the database cannot be read.</summary>
    [JsonPropertyName("mode")]
    public string? Mode { get; init; }

    [JsonPropertyName("migrations")]
    public MigrationCounts? Migrations { get; init; }

    /// <summary>Each retention and rollup bound (e.g. <c>scan_results retention 3 days</c>) and who enforces it.</summary>
    [JsonPropertyName("bounds")]
    public IReadOnlyDictionary<string, BoundEnforcer>? Bounds { get; init; }

    /// <summary>Rows and bytes of every table the migrations create, by name.</summary>
    [JsonPropertyName("tables")]
    public IReadOnlyDictionary<string, TableSize>? Tables { get; init; }

    [JsonPropertyName("timescaledb")]
    public TimescaleStatus? TimescaleDb { get; init; }

    /// <summary>Why the database parts are null; absent when they were read.</summary>
    [JsonPropertyName("postgres_error")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PostgresError { get; init; }

    /// <summary>Each job's last finished run (and the one going on), current at every call.</summary>
    [JsonPropertyName("jobs")]
    public required IReadOnlyDictionary<string, JobRun> Jobs { get; init; }

    [JsonPropertyName("redis")]
    public RedisStatus? Redis { get; init; }

    /// <summary><c>data_maintenance:last_scan_persistence</c>: when (UTC, ISO 8601, this service's clock) rows were last persisted; null before the first time.</summary>
    [JsonPropertyName("last_scan_persistence")]
    public string? LastScanPersistence { get; init; }

    /// <summary>Why the Redis parts are null; absent when they were read.</summary>
    [JsonPropertyName("redis_error")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RedisError { get; init; }

    /// <summary>When the database and Redis parts were read; absent from a direct read that is not served from a snapshot.</summary>
    [JsonPropertyName("snapshot")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public StatusSnapshotInfo? Snapshot { get; init; }
}

/// <param name="Applied">Scripts the journal (<c>schemaversions</c>) holds.</param>
/// <param name="Pending">Embedded scripts not applied yet.</param>
public sealed record MigrationCounts(
    [property: JsonPropertyName("applied")] int Applied,
    [property: JsonPropertyName("pending")] int Pending);

/// <summary><c>{"enforced_by": "timescaledb", "job_id": N}</c> (a scheduled policy) or <c>{"enforced_by": "maintenance"}</c>.</summary>
public sealed record BoundEnforcer(
    [property: JsonPropertyName("enforced_by")] string EnforcedBy,
    [property: JsonPropertyName("job_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? JobId);

/// <param name="ExtensionVersion">The installed extension's version; null without TimescaleDB.</param>
/// <param name="License"><c>timescale</c> or <c>apache</c>; null without TimescaleDB.</param>
/// <param name="UpgradePending">True when the server offers TimescaleDB features the database's objects do not use yet (run <c>migrate</c>).</param>
/// <param name="Jobs">The policy jobs on Tradeul's relations.</param>
public sealed record TimescaleStatus(
    [property: JsonPropertyName("extension_version")] string? ExtensionVersion,
    [property: JsonPropertyName("license")] string? License,
    [property: JsonPropertyName("upgrade_pending")] bool UpgradePending,
    [property: JsonPropertyName("jobs")] IReadOnlyList<TimescaleJobStatus> Jobs);

/// <param name="UsedMemory">Redis <c>used_memory</c>, bytes.</param>
/// <param name="MaxMemory">Redis <c>maxmemory</c>, bytes; 0 when unlimited.</param>
/// <param name="Streams">XLEN of every stream with a configured limit, by name.</param>
public sealed record RedisStatus(
    [property: JsonPropertyName("used_memory")] long UsedMemory,
    [property: JsonPropertyName("maxmemory")] long MaxMemory,
    [property: JsonPropertyName("streams")] IReadOnlyDictionary<string, long> Streams);

/// <param name="TakenAt">When the snapshot's database and Redis parts were read (UTC).</param>
/// <param name="Refreshes">Snapshots read since the service started: how many times the status cost its queries.</param>
/// <param name="RefreshIntervalMs">Longest age of a served snapshot (<c>Maintenance:StatusRefreshInterval</c>), milliseconds.</param>
public sealed record StatusSnapshotInfo(
    [property: JsonPropertyName("taken_at")] DateTimeOffset TakenAt,
    [property: JsonPropertyName("refreshes")] long Refreshes,
    [property: JsonPropertyName("refresh_interval_ms")] double RefreshIntervalMs);
