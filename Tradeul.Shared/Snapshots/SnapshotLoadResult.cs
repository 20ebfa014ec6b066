namespace Tradeul.Shared.Snapshots;

/// <summary>The state rebuilt by LoadAsync.</summary>
/// <param name="Sequence">Sequence of the newest save the rows reflect.</param>
/// <param name="FullSequence">The full snapshot the rows were rebuilt from.</param>
/// <param name="FallbackReason">Set when a gap or an unreadable delta made LoadAsync return the full snapshot alone.</param>
public sealed record SnapshotLoadResult(
    string Name,
    IReadOnlyList<SnapshotRow> Rows,
    long Sequence,
    long FullSequence,
    int DeltasApplied,
    DateTimeOffset SavedAt,
    string? FallbackReason)
{
    public bool FellBackToFull => FallbackReason is not null;
}
