namespace Tradeul.AppHost.Containers;

/// <summary>The TimescaleDB image in <c>containers</c> mode and in the manifest: pinned, PostgreSQL 17, Timescale License edition.</summary>
internal static class TimescaleImage
{
    public const string Registry = "docker.io";
    public const string Name = "timescale/timescaledb";

    // A pinned release, never "latest-pg17": a new TimescaleDB must arrive by a deliberate change.
    public const string Tag = "2.22.1-pg17";
}
