namespace Tradeul.Scanner.Scans.Evaluation;

/// <summary>
/// Results of shareable instructions (<see cref="ScanInstruction.ShareKey"/>) computed this cycle,
/// by key, so a condition many scans contain (<c>rvol &gt;= 2</c>) is computed once per cycle. Each
/// result keeps its array between cycles; a key no scan used in the last cycle gives its array up, so
/// the memory follows the scans in the set.
/// </summary>
internal sealed class SharedResults
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly List<string> _unused = [];
    private long _cycle;

    /// <summary>Distinct results kept.</summary>
    public int Count => _entries.Count;

    /// <summary>Starts a cycle: every result is stale until computed again; those unused last cycle are dropped.</summary>
    public void BeginCycle()
    {
        _unused.Clear();
        foreach (var (key, entry) in _entries)
        {
            if (entry.Cycle < _cycle)
            {
                _unused.Add(key);
            }
        }
        foreach (var key in _unused)
        {
            _entries.Remove(key);
        }
        _cycle++;
    }

    /// <summary>The result of <paramref name="key"/> when it was computed this cycle.</summary>
    public bool TryGet(string key, out Array result)
    {
        if (_entries.TryGetValue(key, out var entry) && entry.Cycle == _cycle)
        {
            result = entry.Result;
            return true;
        }
        result = Array.Empty<ulong>();
        return false;
    }

    /// <summary>The array to compute <paramref name="key"/> into this cycle (kept from an earlier cycle when it fits).</summary>
    public Array Claim(string key, bool mask, int rows)
    {
        var length = mask ? ColumnKernels.Words(rows) : rows;
        if (!_entries.TryGetValue(key, out var entry) || entry.Result.Length < length)
        {
            entry = new Entry(mask ? new ulong[length] : new double[length]);
            _entries[key] = entry;
        }
        entry.Cycle = _cycle;
        return entry.Result;
    }

    private sealed class Entry(Array result)
    {
        public Array Result { get; } = result;
        public long Cycle { get; set; } = -1;
    }
}
