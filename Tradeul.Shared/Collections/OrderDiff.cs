namespace Tradeul.Shared.Collections;

/// <summary>
/// Which members of a reordered list can stay put: those on one longest strictly
/// increasing run of their old positions. Everything else is a move. Used by snapshot
/// deltas and ranking deltas so that one ticker climbing a ranking is one move, not a
/// rewrite of every rank below it.
/// </summary>
public static class OrderDiff
{
    /// <summary>Marks the members of one longest strictly increasing subsequence of <paramref name="oldPositions"/> (O(n log n)).</summary>
    public static bool[] StableMembers(ReadOnlySpan<int> oldPositions)
    {
        var tails = new int[oldPositions.Length];
        var parents = new int[oldPositions.Length];
        var length = 0;
        for (var i = 0; i < oldPositions.Length; i++)
        {
            int low = 0, high = length;
            while (low < high)
            {
                var mid = (low + high) >>> 1;
                if (oldPositions[tails[mid]] < oldPositions[i])
                {
                    low = mid + 1;
                }
                else
                {
                    high = mid;
                }
            }
            parents[i] = low > 0 ? tails[low - 1] : -1;
            tails[low] = i;
            if (low == length)
            {
                length++;
            }
        }
        var members = new bool[oldPositions.Length];
        for (var i = length > 0 ? tails[length - 1] : -1; i >= 0; i = parents[i])
        {
            members[i] = true;
        }
        return members;
    }
}
