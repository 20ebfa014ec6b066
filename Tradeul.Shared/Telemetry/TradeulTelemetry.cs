namespace Tradeul.Shared.Telemetry;

/// <summary>
/// Names of our ActivitySources and Meters. ServiceDefaults subscribes to "Tradeul.*",
/// so anything named here reaches the dashboard without further wiring.
/// </summary>
public static class TradeulTelemetry
{
    public const string StreamsMeter = "Tradeul.Streams";
    public const string SnapshotsMeter = "Tradeul.Snapshots";
    public const string SnapshotsActivitySource = "Tradeul.Snapshots";
    public const string LoopsMeter = "Tradeul.Loops";
}
