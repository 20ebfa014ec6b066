using Tradeul.Maintenance.Migrations;

namespace Tradeul.Maintenance;

/// <summary>What the database offers, known once migrations ran (or detection did); null until then.</summary>
public sealed class StorageState
{
    public StorageMode? Mode { get; set; }

    /// <summary>Where TimescaleDB's full edition runs retention and rollups itself, Maintenance must not.</summary>
    public bool NeedsFallbackJobs => Mode is not null and not StorageMode.TimescaleDb;
}
