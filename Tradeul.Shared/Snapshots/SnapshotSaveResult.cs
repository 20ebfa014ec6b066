namespace Tradeul.Shared.Snapshots;

/// <param name="BaseSequence">The full snapshot this save builds on (its own sequence for a full one).</param>
/// <param name="RawBytes">Encoded size before compression.</param>
/// <param name="StoredBytes">Bytes written to Redis (header + compressed payload).</param>
public sealed record SnapshotSaveResult(
    string Name,
    SnapshotKind Kind,
    SnapshotSaveReason Reason,
    long Sequence,
    long BaseSequence,
    int Rows,
    int RawBytes,
    int StoredBytes);
