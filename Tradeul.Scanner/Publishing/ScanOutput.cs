using Tradeul.Scanner.Compute;
using Tradeul.Shared.Snapshots;

namespace Tradeul.Scanner.Publishing;

/// <summary>One category's encoded output for a cycle.</summary>
/// <param name="SnapshotRows">The ranking as SnapshotManager stores it (symbol -> row JSON, in rank order).</param>
/// <param name="Ops">What changed since the last published ranking.</param>
/// <param name="OpsJson">The operations as JSON, for <c>stream:ranking:deltas</c>.</param>
public sealed record CategoryOutput(string Name, RankedRow[] Rows, SnapshotRow[] SnapshotRows, List<RankingOp> Ops, byte[] OpsJson);

/// <summary>
/// Everything a cycle publishes. The categories are encoded up front; the filtered-complete
/// document, which only Maintenance reads, is encoded on first use, so the publisher can put the
/// rankings live before spending a few milliseconds on thousands of rows nobody is waiting for.
/// </summary>
public sealed class ScanOutput(ScanResult result, IReadOnlyList<CategoryOutput> categories, Func<byte[]> encodeFilteredComplete)
{
    private readonly Lazy<byte[]> _filteredComplete = new(encodeFilteredComplete, LazyThreadSafetyMode.ExecutionAndPublication);

    public ScanResult Result { get; } = result;

    public IReadOnlyList<CategoryOutput> Categories { get; } = categories;

    /// <summary>
    /// <c>scanner:filtered_complete:{SESSION}</c>: <c>{"as_of": ms since the Unix epoch (UTC, the snapshot's market time),
    /// "snapshot_sequence": n, "rows": [ranked rows with rank and categories, best score first]}</c>, UTF-8.
    /// </summary>
    public byte[] FilteredCompleteJson => _filteredComplete.Value;
}
