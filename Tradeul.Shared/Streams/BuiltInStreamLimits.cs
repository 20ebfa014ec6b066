using Tradeul.Shared.Redis;

namespace Tradeul.Shared.Streams;

/// <summary>The defaults of DESIGN.md; configuration overrides any value.</summary>
public static class BuiltInStreamLimits
{
    public const int DefaultMaxLength = 10_000;
    public static readonly TimeSpan DefaultTrimInterval = TimeSpan.FromSeconds(30);

    public static IReadOnlyDictionary<string, StreamLimitSettings> All { get; } = new Dictionary<string, StreamLimitSettings>(StringComparer.Ordinal)
    {
        // A whole-market entry is a few hundred KB compressed: 60 entries is five minutes at
        // a 5 s cycle and stays in the tens of MB of the 4 GB budget.
        [RedisKeys.RawSnapshots] = new() { MaxLength = 60 },
        [RedisKeys.RankingDeltas] = new() { MaxLength = 5_000 },
        [RedisKeys.RealtimeAggregates] = new() { MaxLength = 3_000 },
        [RedisKeys.FilteredTickers] = new() { MaxLength = 500 },
        [RedisKeys.DeadLetter] = new() { MaxLength = 10_000 },
        // Deltas since the last full snapshot; a full one clears them (SnapshotManager).
        [RedisKeys.SnapshotDeltasPattern] = new() { MaxLength = 1_000 },
    };

    /// <summary>Used when nothing sets TrimThreshold: a tenth above MaxLength.</summary>
    public static int DerivedTrimThreshold(int maxLength) => maxLength + Math.Max(1, maxLength / 10);
}
