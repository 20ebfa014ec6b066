using Tradeul.Scanner.Catalog;

namespace Tradeul.Scanner.Scans;

/// <summary>
/// One scan's result for one cycle: the rows (indexes into that cycle's <see cref="MetricColumns"/>,
/// best first, at most the scan's limit) and how many rows passed the filter with a sort key. Reused
/// by <see cref="ScanSet"/> each cycle: read it before the next evaluation.
/// </summary>
public sealed class ScanMatches(string id, int limit)
{
    private readonly int[] _rows = new int[limit];

    public string Id { get; } = id;

    /// <summary>Rows that passed the filter and have a sort key (null keys are left out); may exceed the limit.</summary>
    public int Matched { get; private set; }

    /// <summary>Row indexes, best first.</summary>
    public ReadOnlySpan<int> Rows => _rows.AsSpan(0, Count);

    public int Count { get; private set; }

    /// <summary>The symbols of <see cref="Rows"/>, best first (allocates; for tests and one-off callers).</summary>
    public IReadOnlyList<string> Symbols(MetricColumns columns)
    {
        var symbols = new string[Count];
        for (var k = 0; k < Count; k++)
        {
            symbols[k] = columns.Symbol(_rows[k]);
        }
        return symbols;
    }

    internal int[] Buffer => _rows;

    internal void Set(int matched, int count)
    {
        Matched = matched;
        Count = count;
    }
}
