using System.Buffers;
using System.Text.Json;
using Tradeul.Scanner.Compute;
using Tradeul.Scanner.Streaming;
using Tradeul.Shared.Snapshots;

namespace Tradeul.Scanner.Publishing;

/// <summary>
/// Turns a scan into what gets published: row JSON for the snapshots, ranking operations
/// against what subscribers last received (read from the <see cref="RankingHub"/>, so a
/// failed publish is simply diffed again next cycle), and the filtered-complete array. Not
/// thread-safe: an output's <see cref="ScanOutput.FilteredCompleteJson"/> is encoded on first use in
/// the encoder's buffer, so it must not be read while <see cref="Encode"/> runs; the Scanner's one
/// loop awaits each publish before the next encode.
/// </summary>
public sealed class ScanOutputEncoder(RankingHub hub)
{
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly Utf8JsonWriter _writer = new(new ArrayBufferWriter<byte>());

    public ScanOutput Encode(ScanResult result)
    {
        var categories = new List<CategoryOutput>(result.Categories.Count);
        foreach (var ranking in result.Categories)
        {
            var snapshotRows = new SnapshotRow[ranking.Rows.Length];
            for (var i = 0; i < snapshotRows.Length; i++)
            {
                snapshotRows[i] = new SnapshotRow(ranking.Rows[i].Symbol, RankedRowJson.ToBytes(ranking.Rows[i], _buffer, _writer));
            }
            var previous = hub.Current(ranking.Name)?.Rows ?? [];
            var ops = RankingDelta.Compute(previous, ranking.Rows);
            categories.Add(new CategoryOutput(ranking.Name, ranking.Rows, snapshotRows, ops, Json(w => RankingDelta.WriteOps(w, ops))));
        }
        return new ScanOutput(result, categories, () => EncodeFilteredComplete(result));
    }

    private byte[] EncodeFilteredComplete(ScanResult result)
    {
        // Maintenance stores, with each filtered ticker, the rankings it appeared in.
        var memberships = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var ranking in result.Categories)
        {
            foreach (var row in ranking.Rows)
            {
                if (!memberships.TryGetValue(row.Symbol, out var names))
                {
                    memberships[row.Symbol] = names = [];
                }
                names.Add(ranking.Name);
            }
        }
        // The snapshot's market time travels with its rows: Maintenance stamps scan_results with it, not with
        // its own clock (a simulated or replayed market is of another day than the wall clock).
        return Json(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("as_of"u8, result.AsOf.ToUnixTimeMilliseconds());
            w.WriteNumber("snapshot_sequence"u8, result.SnapshotSequence);
            w.WriteStartArray("rows"u8);
            for (var i = 0; i < result.Filtered.Length; i++)
            {
                RankedRowJson.Write(w, result.Filtered[i], rank: i + 1, memberships.GetValueOrDefault(result.Filtered[i].Symbol));
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private byte[] Json(Action<Utf8JsonWriter> write)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        write(_writer);
        _writer.Flush();
        return _buffer.WrittenSpan.ToArray();
    }
}
