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

    private volatile bool _loaded;

    public int Count => _table.Count;

    /// <summary>False until the first table is swapped in: rows until then carry no RVOL, name or sector.</summary>
    public bool IsLoaded => _loaded;

    public int WithMetadata { get; private set; }
    public int WithBaseline { get; private set; }

    /// <summary>The current table; a cycle takes it once and uses it throughout.</summary>
    public FrozenDictionary<string, TickerEnrichment> Current => _table;

    public void Replace(IDictionary<string, TickerEnrichment> table)
    {
        var frozen = table.ToFrozenDictionary(StringComparer.Ordinal);
        WithMetadata = frozen.Values.Count(e => e.Metadata is not null);
        WithBaseline = frozen.Values.Count(e => e.Baseline is not null);
        _table = frozen;
        _loaded = true;
    }
}
