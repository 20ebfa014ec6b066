namespace Tradeul.Scanner.History;

/// <summary>
/// A fixed number of kept snapshots, oldest overwritten first: for each, its time, its trading day
/// and one <see cref="HistorySample"/> per ticker slot (an array indexed by slot, so writing a
/// snapshot or reading a window walks one array in order).
/// </summary>
internal sealed class HistoryRing(int capacity)
{
    private readonly long[] _timesMs = new long[capacity];
    private readonly DateOnly[] _days = new DateOnly[capacity];
    private HistorySample[][] _samples = new HistorySample[capacity][];
    private int _newest = -1;

    public int Capacity => capacity;

    /// <summary>Snapshots kept so far (at most <see cref="Capacity"/>).</summary>
    public int Count { get; private set; }

    /// <summary>Unix ms of the newest kept snapshot; <see cref="long.MinValue"/> when empty.</summary>
    public long NewestMs => Count == 0 ? long.MinValue : _timesMs[_newest];

    /// <summary>Unix ms of the oldest kept snapshot; <see cref="long.MinValue"/> when empty.</summary>
    public long OldestMs => Count == 0 ? long.MinValue : _timesMs[(_newest - Count + 1 + capacity) % capacity];

    public long Bytes => (long)capacity * ((_samples[0]?.Length ?? 0) * 8L + 16);

    /// <summary>Takes the oldest position for a new snapshot, every slot marked missing; returns its samples to fill.</summary>
    public HistorySample[] Push(long timeMs, DateOnly day, int slots)
    {
        _newest = (_newest + 1) % capacity;
        Count = Math.Min(Count + 1, capacity);
        _timesMs[_newest] = timeMs;
        _days[_newest] = day;
        var samples = _samples[_newest];
        samples.AsSpan(0, slots).Fill(HistorySample.Missing);
        return samples;
    }

    /// <summary>The newest kept snapshot taken at or before <paramref name="targetMs"/>, if any.</summary>
    public bool TryFindAtOrBefore(long targetMs, out int position, out long timeMs)
    {
        for (var k = 0; k < Count; k++)
        {
            var p = (_newest - k + capacity) % capacity;
            if (_timesMs[p] <= targetMs)
            {
                position = p;
                timeMs = _timesMs[p];
                return true;
            }
        }
        position = -1;
        timeMs = long.MinValue;
        return false;
    }

    public DateOnly DayAt(int position) => _days[position];

    public HistorySample[] SamplesAt(int position) => _samples[position];

    /// <summary>Resizes every position's slot array to <paramref name="slots"/>, keeping what is there and marking new slots missing.</summary>
    public void Resize(int slots)
    {
        var resized = new HistorySample[capacity][];
        for (var p = 0; p < capacity; p++)
        {
            var samples = new HistorySample[slots];
            var old = _samples[p];
            var kept = old is null ? 0 : Math.Min(old.Length, slots);
            old?.AsSpan(0, kept).CopyTo(samples);
            samples.AsSpan(kept).Fill(HistorySample.Missing);
            resized[p] = samples;
        }
        _samples = resized;
    }

    /// <summary>Marks <paramref name="slot"/> missing in every kept snapshot, before the slot is given to another ticker.</summary>
    public void Clear(int slot)
    {
        foreach (var samples in _samples)
        {
            samples[slot] = HistorySample.Missing;
        }
    }
}
