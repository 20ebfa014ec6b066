namespace Tradeul.Scanner.Compute;

/// <summary>
/// Keeps the N best (highest key; on a tie, lowest index, or first by <paramref name="tieBreak"/>
/// when given) of a stream of candidates in a bounded min-heap: O(n log N) per cycle, and its
/// arrays are reused, so selecting allocates nothing.
/// </summary>
internal sealed class TopNSelector(int capacity, IComparer<int>? tieBreak = null)
{
    private readonly double[] _keys = new double[capacity];
    private readonly int[] _indexes = new int[capacity];
    private int _count;

    public int Count => _count;

    public void Clear() => _count = 0;

    public void Offer(double key, int index)
    {
        if (double.IsNaN(key))
        {
            return;
        }
        if (_count < _keys.Length)
        {
            _keys[_count] = key;
            _indexes[_count] = index;
            SiftUp(_count++);
        }
        else if (Better(key, index, _keys[0], _indexes[0]))
        {
            _keys[0] = key;
            _indexes[0] = index;
            SiftDown(0);
        }
    }

    /// <summary>Writes the kept indexes best first into <paramref name="destination"/> and empties the selector.</summary>
    public int Drain(Span<int> destination)
    {
        var count = _count;
        for (var i = count - 1; i >= 0; i--)
        {
            destination[i] = _indexes[0];
            _count--;
            _keys[0] = _keys[_count];
            _indexes[0] = _indexes[_count];
            SiftDown(0);
        }
        return count;
    }

    public int Capacity => _keys.Length;

    private bool Better(double key, int index, double otherKey, int otherIndex) =>
        key > otherKey || (key == otherKey && (tieBreak is null ? index < otherIndex : tieBreak.Compare(index, otherIndex) < 0));

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (!Better(_keys[parent], _indexes[parent], _keys[i], _indexes[i]))
            {
                return;
            }
            Swap(i, parent);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            var left = 2 * i + 1;
            if (left >= _count)
            {
                return;
            }
            var worst = left;
            var right = left + 1;
            if (right < _count && Better(_keys[left], _indexes[left], _keys[right], _indexes[right]))
            {
                worst = right;
            }
            if (!Better(_keys[i], _indexes[i], _keys[worst], _indexes[worst]))
            {
                return;
            }
            Swap(i, worst);
            i = worst;
        }
    }

    private void Swap(int a, int b)
    {
        (_keys[a], _keys[b]) = (_keys[b], _keys[a]);
        (_indexes[a], _indexes[b]) = (_indexes[b], _indexes[a]);
    }
}
