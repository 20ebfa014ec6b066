namespace Tradeul.Shared.Snapshots;

/// <summary>An ordered set of rows with an index by key. Immutable once built.</summary>
internal sealed class SnapshotState
{
    private SnapshotState(SnapshotRow[] rows, Dictionary<string, int> indexByKey)
    {
        Rows = rows;
        IndexByKey = indexByKey;
    }

    public SnapshotRow[] Rows { get; }
    public Dictionary<string, int> IndexByKey { get; }
    public int Count => Rows.Length;

    /// <summary>Copies the caller's rows (values included), so later changes to their buffers cannot corrupt the next delta.</summary>
    public static SnapshotState CopyOf(IReadOnlyList<SnapshotRow> rows)
    {
        var copy = new SnapshotRow[rows.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            var row = rows[i];
            if (row.Key is null || row.Value is null)
            {
                throw new ArgumentException($"Row {i} has a null key or value.", nameof(rows));
            }
            copy[i] = new SnapshotRow(row.Key, (byte[])row.Value.Clone());
        }
        return Own(copy);
    }

    /// <summary>Takes ownership of <paramref name="rows"/>; duplicate keys are refused.</summary>
    public static SnapshotState Own(SnapshotRow[] rows)
    {
        var index = new Dictionary<string, int>(rows.Length, StringComparer.Ordinal);
        for (var i = 0; i < rows.Length; i++)
        {
            if (!index.TryAdd(rows[i].Key, i))
            {
                throw new ArgumentException($"Duplicate snapshot key '{rows[i].Key}' at row {i}.", nameof(rows));
            }
        }
        return new SnapshotState(rows, index);
    }

    /// <summary>Size of the full encoding, without encoding it.</summary>
    public int FullRawLength()
    {
        var length = SnapshotBinary.VarIntLength((uint)Rows.Length);
        foreach (var row in Rows)
        {
            length += SnapshotBinary.StringLength(row.Key) + SnapshotBinary.BytesLength(row.Value);
        }
        return length;
    }
}
