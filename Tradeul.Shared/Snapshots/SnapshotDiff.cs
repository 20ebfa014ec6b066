namespace Tradeul.Shared.Snapshots;

/// <summary>
/// Computes and applies <see cref="SnapshotDelta"/>s. Both sides derive the same
/// "provisional order": the old order without removed rows, then new keys in the order
/// they appear. Rows on the longest increasing run of provisional positions keep their
/// place; only the others are sent as moves, so one ticker climbing a ranking costs one
/// move, not a rewrite of the list.
/// </summary>
internal static class SnapshotDiff
{
    public static SnapshotDelta Compute(SnapshotState previous, SnapshotState next)
    {
        var removes = new List<string>();
        foreach (var row in previous.Rows)
        {
            if (!next.IndexByKey.ContainsKey(row.Key))
            {
                removes.Add(row.Key);
            }
        }

        var upserts = new List<SnapshotRow>();
        var patches = new List<SnapshotPatch>();
        var provisional = new Dictionary<string, int>(next.Count, StringComparer.Ordinal);
        foreach (var row in previous.Rows)
        {
            if (next.IndexByKey.ContainsKey(row.Key))
            {
                provisional[row.Key] = provisional.Count;
            }
        }
        foreach (var row in next.Rows)
        {
            if (previous.IndexByKey.TryGetValue(row.Key, out var oldIndex))
            {
                var before = previous.Rows[oldIndex].Value;
                if (!before.AsSpan().SequenceEqual(row.Value))
                {
                    if (SnapshotPatch.TryCreate(row.Key, before, row.Value) is { } patch)
                    {
                        patches.Add(patch);
                    }
                    else
                    {
                        upserts.Add(row);
                    }
                }
            }
            else
            {
                upserts.Add(row);
                provisional[row.Key] = provisional.Count;
            }
        }

        var positions = new int[next.Count];
        for (var i = 0; i < positions.Length; i++)
        {
            positions[i] = provisional[next.Rows[i].Key];
        }
        var stays = Collections.OrderDiff.StableMembers(positions);
        var moves = new List<(string, int)>();
        for (var i = 0; i < positions.Length; i++)
        {
            if (!stays[i])
            {
                moves.Add((next.Rows[i].Key, i));
            }
        }
        return new SnapshotDelta(removes, upserts, moves, next.Count, patches);
    }

    public static SnapshotState Apply(SnapshotState previous, SnapshotDelta delta)
    {
        var removed = new HashSet<string>(delta.Removes, StringComparer.Ordinal);
        var changed = new Dictionary<string, byte[]>(delta.Upserts.Count, StringComparer.Ordinal);
        foreach (var row in delta.Upserts)
        {
            changed[row.Key] = row.Value;
        }
        foreach (var patch in delta.Patches)
        {
            if (!previous.IndexByKey.TryGetValue(patch.Key, out var index) || removed.Contains(patch.Key) || changed.ContainsKey(patch.Key))
            {
                throw new InvalidDataException($"Delta patches '{patch.Key}', which is not a kept row of the previous state or is changed twice.");
            }
            changed[patch.Key] = patch.ApplyTo(previous.Rows[index].Value);
        }

        var provisional = new List<SnapshotRow>(delta.FinalCount);
        foreach (var row in previous.Rows)
        {
            if (removed.Contains(row.Key))
            {
                continue;
            }
            provisional.Add(changed.TryGetValue(row.Key, out var value) ? row with { Value = value } : row);
        }
        foreach (var row in delta.Upserts)
        {
            if (!previous.IndexByKey.ContainsKey(row.Key))
            {
                provisional.Add(row);
            }
        }
        if (provisional.Count != delta.FinalCount)
        {
            throw new InvalidDataException($"Delta expects {delta.FinalCount} rows but yields {provisional.Count}.");
        }

        var result = new SnapshotRow[delta.FinalCount];
        var placed = new bool[delta.FinalCount];
        var moved = new HashSet<string>(delta.Moves.Count, StringComparer.Ordinal);
        var byKey = new Dictionary<string, SnapshotRow>(delta.Moves.Count, StringComparer.Ordinal);
        foreach (var (key, _) in delta.Moves)
        {
            moved.Add(key);
        }
        foreach (var row in provisional)
        {
            if (moved.Contains(row.Key))
            {
                byKey[row.Key] = row;
            }
        }
        foreach (var (key, index) in delta.Moves)
        {
            if ((uint)index >= (uint)result.Length || placed[index] || !byKey.TryGetValue(key, out var row))
            {
                throw new InvalidDataException($"Delta moves '{key}' to an invalid position {index}.");
            }
            result[index] = row;
            placed[index] = true;
        }
        var slot = 0;
        foreach (var row in provisional)
        {
            if (moved.Contains(row.Key))
            {
                continue;
            }
            while (placed[slot])
            {
                slot++;
            }
            result[slot++] = row;
        }
        return SnapshotState.Own(result);
    }
}
