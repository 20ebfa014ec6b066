using System.Text.Json;
using Tradeul.Scanner.Compute;
using Tradeul.Shared.Collections;

namespace Tradeul.Scanner.Publishing;

public enum RankingOpKind
{
    Remove,
    Update,
    Add,
    Rerank,
}

/// <param name="Rank">1-based final rank, for add and rerank.</param>
/// <param name="Row">The whole new row, for add and update (in memory; an update's JSON carries only <paramref name="Changed"/>).</param>
/// <param name="Changed">For update, the fields that differ from the previous row.</param>
public readonly record struct RankingOp(RankingOpKind Kind, string Symbol, int Rank, RankedRow Row, RankedRowFields Changed = RankedRowFields.None);

/// <summary>
/// The change from one ranking to the next as add / remove / update / rerank operations.
/// To rebuild: drop removed symbols, merge updated fields into their rows, then place added and reranked
/// symbols at their ranks and fill the remaining ranks with the other rows in their previous
/// order. Only rows off the longest run that kept its order are reranked, so one ticker
/// climbing costs one operation.
/// </summary>
public static class RankingDelta
{
    public static List<RankingOp> Compute(IReadOnlyList<RankedRow> previous, IReadOnlyList<RankedRow> current)
    {
        var ops = new List<RankingOp>();
        var previousIndex = new Dictionary<string, int>(previous.Count, StringComparer.Ordinal);
        for (var i = 0; i < previous.Count; i++)
        {
            previousIndex[previous[i].Symbol] = i;
        }
        var currentSymbols = new HashSet<string>(current.Count, StringComparer.Ordinal);
        foreach (var row in current)
        {
            currentSymbols.Add(row.Symbol);
        }
        foreach (var row in previous)
        {
            if (!currentSymbols.Contains(row.Symbol))
            {
                ops.Add(new RankingOp(RankingOpKind.Remove, row.Symbol, 0, default));
            }
        }

        var kept = new List<(int Rank, int PreviousIndex)>();
        for (var i = 0; i < current.Count; i++)
        {
            var row = current[i];
            if (previousIndex.TryGetValue(row.Symbol, out var before))
            {
                var changed = RankedRowChanges.Between(previous[before], row);
                if (changed != RankedRowFields.None)
                {
                    ops.Add(new RankingOp(RankingOpKind.Update, row.Symbol, 0, row, changed));
                }
                kept.Add((i, before));
            }
            else
            {
                ops.Add(new RankingOp(RankingOpKind.Add, row.Symbol, i + 1, row));
            }
        }

        var positions = new int[kept.Count];
        for (var k = 0; k < kept.Count; k++)
        {
            positions[k] = kept[k].PreviousIndex;
        }
        var stable = OrderDiff.StableMembers(positions);
        // Rows on the stable run fill the free ranks in order by themselves; the rest are placed.
        for (var k = 0; k < kept.Count; k++)
        {
            if (!stable[k])
            {
                var (rank, _) = kept[k];
                ops.Add(new RankingOp(RankingOpKind.Rerank, current[rank].Symbol, rank + 1, default));
            }
        }
        return ops;
    }

    /// <summary>The rebuild rule above; clients do the same with the JSON operations.</summary>
    public static RankedRow[] Apply(IReadOnlyList<RankedRow> previous, IReadOnlyList<RankingOp> ops)
    {
        var removed = new HashSet<string>(StringComparer.Ordinal);
        var updated = new Dictionary<string, RankedRow>(StringComparer.Ordinal);
        var placed = new Dictionary<int, RankedRow>();
        var moved = new HashSet<string>(StringComparer.Ordinal);
        foreach (var op in ops)
        {
            switch (op.Kind)
            {
                case RankingOpKind.Remove: removed.Add(op.Symbol); break;
                case RankingOpKind.Update: updated[op.Symbol] = op.Row; break;
                case RankingOpKind.Add: placed[op.Rank - 1] = op.Row; break;
                case RankingOpKind.Rerank: moved.Add(op.Symbol); break;
            }
        }
        var survivors = new List<RankedRow>(previous.Count);
        foreach (var row in previous)
        {
            if (!removed.Contains(row.Symbol))
            {
                survivors.Add(updated.GetValueOrDefault(row.Symbol, row));
            }
        }
        foreach (var op in ops)
        {
            if (op.Kind == RankingOpKind.Rerank)
            {
                placed[op.Rank - 1] = survivors.Find(r => r.Symbol == op.Symbol);
            }
        }
        var result = new RankedRow[survivors.Count + placed.Count - moved.Count];
        foreach (var (slot, row) in placed)
        {
            result[slot] = row;
        }
        var next = 0;
        foreach (var row in survivors)
        {
            if (moved.Contains(row.Symbol))
            {
                continue;
            }
            while (placed.ContainsKey(next))
            {
                next++;
            }
            result[next++] = row;
        }
        return result;
    }

    public static void WriteOps(Utf8JsonWriter writer, IReadOnlyList<RankingOp> ops)
    {
        writer.WriteStartArray();
        foreach (var op in ops)
        {
            writer.WriteStartObject();
            writer.WriteString("op"u8, op.Kind switch
            {
                RankingOpKind.Remove => "remove",
                RankingOpKind.Update => "update",
                RankingOpKind.Add => "add",
                _ => "rerank",
            });
            writer.WriteString("symbol"u8, op.Symbol);
            if (op.Kind is RankingOpKind.Add or RankingOpKind.Rerank)
            {
                writer.WriteNumber("rank"u8, op.Rank);
            }
            if (op.Kind is RankingOpKind.Add)
            {
                writer.WritePropertyName("row"u8);
                RankedRowJson.Write(writer, op.Row);
            }
            else if (op.Kind is RankingOpKind.Update)
            {
                // Only what changed: a ranked ticker's volume moves every cycle, its name never.
                writer.WriteStartObject("fields"u8);
                RankedRowJson.WriteFields(writer, op.Row, op.Changed);
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }
}
