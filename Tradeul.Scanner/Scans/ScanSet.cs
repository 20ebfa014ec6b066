using Tradeul.Scanner.Catalog;

namespace Tradeul.Scanner.Scans;

/// <summary>
/// The scans someone is watching, evaluated together once per cycle: each distinct definition (by
/// <see cref="CompiledScan.Id"/>) once, however many watchers added it. <see cref="Add"/> and
/// <see cref="Remove"/> count watchers; a scan goes when its last watcher does. Results are kept per
/// scan until the next <see cref="Evaluate"/>. Work is shared between scans: a comparison or number
/// operation several scans contain (<c>rvol &gt;= 2</c>, <c>abs(change_percent)</c>) is computed once
/// per cycle. Not thread-safe: the scan loop owns it.
/// </summary>
/// <param name="shareResults">False computes every scan on its own (to measure what sharing saves).</param>
public sealed class ScanSet(bool shareResults = true)
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly List<Entry> _order = [];
    private readonly ScanEvaluator _evaluator = new(shareResults);

    /// <summary>Distinct scans in the set.</summary>
    public int Count => _entries.Count;

    public IEnumerable<CompiledScan> Scans => _order.Select(e => e.Scan);

    /// <summary>Distinct comparisons and number operations the last <see cref="Evaluate"/> computed for all scans together.</summary>
    public int SharedResults => _evaluator.SharedCount;

    /// <summary>Adds a watcher of <paramref name="scan"/>; returns its id (the same for the same question however written).</summary>
    public string Add(CompiledScan scan)
    {
        if (_entries.TryGetValue(scan.Id, out var entry))
        {
            entry.Watchers++;
            return scan.Id;
        }
        entry = new Entry(scan, new ScanMatches(scan.Id, scan.Definition.Limit));
        _entries[scan.Id] = entry;
        _order.Add(entry);
        return scan.Id;
    }

    /// <summary>Removes one watcher of scan <paramref name="id"/>; the scan goes with its last. False when the id is not in the set.</summary>
    public bool Remove(string id)
    {
        if (!_entries.TryGetValue(id, out var entry))
        {
            return false;
        }
        if (--entry.Watchers == 0)
        {
            _entries.Remove(id);
            _order.Remove(entry);
        }
        return true;
    }

    /// <summary>Evaluates every distinct scan over <paramref name="columns"/> (one cycle).</summary>
    public void Evaluate(MetricColumns columns)
    {
        _evaluator.BeginCycle();
        foreach (var entry in _order)
        {
            _evaluator.Evaluate(entry.Scan, columns, entry.Matches);
        }
    }

    /// <summary>The last evaluation's result of scan <paramref name="id"/>; null when it is not in the set.</summary>
    public ScanMatches? Matches(string id) => _entries.TryGetValue(id, out var entry) ? entry.Matches : null;

    private sealed class Entry(CompiledScan scan, ScanMatches matches)
    {
        public CompiledScan Scan { get; } = scan;
        public ScanMatches Matches { get; } = matches;
        public int Watchers { get; set; } = 1;
    }
}
