namespace Tradeul.Shared.Snapshots;

public enum SnapshotKind : byte
{
    Full = 1,
    Delta = 2,
}

/// <summary>Why SaveAsync wrote what it wrote.</summary>
public enum SnapshotSaveReason
{
    /// <summary>A delta: the cheap path.</summary>
    Delta,
    /// <summary>No full snapshot from this writer yet.</summary>
    First,
    /// <summary>FullInterval passed since the last full snapshot.</summary>
    Interval,
    /// <summary>The delta would not have been much smaller than a full snapshot.</summary>
    DeltaTooLarge,
    /// <summary>MaxDeltasPerFull deltas already build on the current full snapshot.</summary>
    ChainLimit,
    /// <summary>The delta path failed; the fallback wrote a full snapshot instead.</summary>
    DeltaFailed,
}
