namespace Tradeul.AppHost;

/// <summary>The TimescaleDB image used in run mode: pinned, PostgreSQL 17, Timescale License edition.</summary>
internal static class TimescaleImage
{
    public const string Registry = "docker.io";
    public const string Name = "timescale/timescaledb";

    // A pinned release, never "latest-pg17": a new TimescaleDB must arrive by a deliberate change.
    public const string Tag = "2.17.2-pg17";
}
