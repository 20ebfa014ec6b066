using Tradeul.Maintenance.Migrations;

namespace Tradeul.Maintenance.Storage;

/// <summary>
/// What the database holds for time-series storage, read from its catalogs: which of Tradeul's tables
/// are hypertables, which rollups are continuous aggregates, and which TimescaleDB policy jobs exist on
/// them. The storage mode and every "who enforces this bound" answer come from here, never from whether
/// the extension is installed: a database migrated on plain PostgreSQL that later gets
/// <c>CREATE EXTENSION timescaledb</c> still has plain tables and no policy until <c>migrate</c> upgrades it.
/// </summary>
/// <param name="ExtensionVersion">The timescaledb extension's version in this database, null when it is not created here.</param>
/// <param name="License">The server's <c>timescaledb.license</c> (<c>timescale</c> for the full edition, <c>apache</c>), null when the library is not loaded.</param>
/// <param name="ExtensionOffered">The server can run TimescaleDB here: its loader is preloaded and the extension package is installed.</param>
/// <param name="Hypertables">Tradeul's tables that are hypertables.</param>
/// <param name="ContinuousAggregates">Rollup view name to its materialization hypertable, as <c>schema.table</c>.</param>
/// <param name="Policies">Policy jobs on Tradeul's relations, scheduled or paused.</param>
public sealed record StorageLayout(
    string? ExtensionVersion,
    string? License,
    bool ExtensionOffered,
    IReadOnlySet<string> Hypertables,
    IReadOnlyDictionary<string, string> ContinuousAggregates,
    IReadOnlyList<TimescalePolicy> Policies)
{
    /// <summary>The license value under which compression, policies and continuous aggregates exist.</summary>
    public const string FullEditionLicense = "timescale";

    /// <summary>The raw tables TimescaleDB turns into hypertables.</summary>
    public static IReadOnlyList<string> RawTables { get; } = ["scan_results", "volume_slots"];

    /// <summary>The rollups: continuous aggregates on the full edition, plain tables Maintenance fills elsewhere.</summary>
    public static IReadOnlyList<string> Rollups { get; } = ["scan_results_1min", "scan_results_1hour"];

    /// <summary>A database with none of TimescaleDB's objects (plain PostgreSQL, or the extension before <c>migrate</c>).</summary>
    public static StorageLayout Plain(string? extensionVersion = null, string? license = null, bool extensionOffered = false) =>
        new(extensionVersion, license, extensionOffered, new HashSet<string>(StringComparer.Ordinal),
            new Dictionary<string, string>(StringComparer.Ordinal), []);

    public bool IsHypertable(string table) => Hypertables.Contains(table);

    public bool IsContinuousAggregate(string relation) => ContinuousAggregates.ContainsKey(relation);

    /// <summary>The scheduled policy of this kind on this relation, or null when none would run.</summary>
    public TimescalePolicy? ScheduledPolicy(TimescalePolicyKind kind, string relation) =>
        Policies.FirstOrDefault(p => p.Kind == kind && p.Scheduled && string.Equals(p.Relation, relation, StringComparison.Ordinal));

    /// <summary>A scheduled retention policy keeps this relation bounded, so Maintenance must not.</summary>
    public bool PolicyEnforcesRetention(string relation) => ScheduledPolicy(TimescalePolicyKind.Retention, relation) is not null;

    /// <summary>The rollup is a continuous aggregate with a scheduled refresh policy, so Maintenance must not fill it.</summary>
    public bool PolicyRefreshes(string rollup) =>
        IsContinuousAggregate(rollup) && ScheduledPolicy(TimescalePolicyKind.Refresh, rollup) is not null;

    /// <summary>
    /// <see cref="StorageMode.PostgreSql"/> when neither raw table is a hypertable;
    /// <see cref="StorageMode.TimescaleDb"/> when both are and TimescaleDB itself enforces every bound (all
    /// four retentions, both rollups as refreshed continuous aggregates, compression of both raw tables);
    /// <see cref="StorageMode.TimescaleDbApache"/> otherwise (hypertables, Maintenance enforcing what no policy does).
    /// </summary>
    public StorageMode Mode
    {
        get
        {
            if (!RawTables.Any(IsHypertable))
            {
                return StorageMode.PostgreSql;
            }
            var everyBound = RawTables.All(IsHypertable)
                && RetentionBound.All.All(bound => PolicyEnforcesRetention(bound.Relation))
                && Rollups.All(PolicyRefreshes)
                && RawTables.All(table => ScheduledPolicy(TimescalePolicyKind.Compression, table) is not null);
            return everyBound ? StorageMode.TimescaleDb : StorageMode.TimescaleDbApache;
        }
    }

    /// <summary>
    /// The server offers more than the objects use: TimescaleDB can run here but a raw table is still plain, or
    /// the full edition runs but TimescaleDB does not enforce every bound. <c>migrate</c> adds what is missing;
    /// a paused policy stays paused until someone resumes it (<c>alter_job(id, scheduled => true)</c>).
    /// </summary>
    public bool UpgradePending =>
        (ExtensionVersion is not null || ExtensionOffered) && !RawTables.All(IsHypertable)
        || string.Equals(License, FullEditionLicense, StringComparison.Ordinal) && ExtensionVersion is not null && Mode != StorageMode.TimescaleDb;
}
