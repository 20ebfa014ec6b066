namespace Tradeul.Shared.Snapshots;

/// <summary>
/// The change from one state to the next: removed keys, inserted or changed rows, changed
/// rows as field patches where that is smaller, and the few rows whose position the other
/// changes do not explain.
/// </summary>
/// <param name="Moves">(key, final index) for rows outside the longest run that kept its relative order.</param>
/// <param name="FinalCount">Row count after applying: a cheap consistency check.</param>
internal sealed record SnapshotDelta(
    IReadOnlyList<string> Removes,
    IReadOnlyList<SnapshotRow> Upserts,
    IReadOnlyList<(string Key, int Index)> Moves,
    int FinalCount,
    IReadOnlyList<SnapshotPatch> Patches);
