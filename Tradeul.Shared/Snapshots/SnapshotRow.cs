namespace Tradeul.Shared.Snapshots;

/// <summary>
/// One row of a snapshot: a unique key (a ticker, a rank slot) and its encoded value.
/// Order matters: a snapshot is an ordered list, so a ranking round-trips with its order.
/// </summary>
public readonly record struct SnapshotRow(string Key, byte[] Value);
