namespace Tradeul.Shared.Snapshots;

/// <summary>Bound from the <c>Snapshots</c> section.</summary>
public sealed class SnapshotOptions
{
    public const string SectionName = "Snapshots";

    /// <summary>A full snapshot at least this often, so a reader never replays a long chain.</summary>
    public TimeSpan FullInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A delta larger than this fraction of the full encoding is written as a full snapshot.</summary>
    public double MaxDeltaRatio { get; set; } = 0.5;

    /// <summary>
    /// Deltas on one full snapshot before the next save is full. Also capped by the deltas
    /// stream's MaxLength, so trimming can never cut a chain a reader still needs.
    /// </summary>
    public int MaxDeltasPerFull { get; set; } = 500;

    /// <summary>Brotli quality, 0 (fastest) to 11 (smallest).</summary>
    public int CompressionQuality { get; set; } = 4;
}
