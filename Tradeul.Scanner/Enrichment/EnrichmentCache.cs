using System.Collections.Frozen;

namespace Tradeul.Scanner.Enrichment;

/// <summary>
/// The in-memory copy of <c>metadata:ticker:*</c> and <c>rvol:baseline:*</c> the hot path
/// reads. The refresh loop swaps in a whole new table, so a cycle never sees half an update
/// and never waits on Redis.
/// </summary>
public sealed class EnrichmentCache
{
    private volatile FrozenDictionary<string, TickerEnrichment> _table = FrozenDictionary<string, TickerEnrichment>.Empty;

    public int Count => _table.Count;

    /// <summary>
    /// Whether the table holds some metadata and some RVOL baselines; without, rows lack RVOL, or
    /// names and sectors. A complete table is never replaced by a half one (see the refresh loop).
    /// </summary>
    public bool IsLoaded => WithMetadata > 0 && WithBaseline > 0;

    public int WithMetadata { get; private set; }
    public int WithBaseline { get; private set; }

    /// <summary>The current table; a cycle takes it once and uses it throughout.</summary>
    public FrozenDictionary<string, TickerEnrichment> Current => _table;

    /// <summary>Swaps in <paramref name="table"/>; one that lacks either metadata or RVOL baselines is swapped in but does not count as loaded.</summary>
    public void Replace(IDictionary<string, TickerEnrichment> table)
    {
        var frozen = table.ToFrozenDictionary(StringComparer.Ordinal);
        var metadata = frozen.Values.Count(e => e.Metadata is not null);
        var baselines = frozen.Values.Count(e => e.Baseline is not null);
        WithMetadata = metadata;
        WithBaseline = baselines;
        _table = frozen;
    }
}
