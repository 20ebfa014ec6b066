using Tradeul.Scanner.Compute;
using Tradeul.Shared.Snapshots;

namespace Tradeul.Scanner.Publishing;

/// <summary>One category's encoded output for a cycle.</summary>
/// <param name="SnapshotRows">The ranking as SnapshotManager stores it (symbol -> row JSON, in rank order).</param>
/// <param name="Ops">What changed since the last published ranking.</param>
/// <param name="OpsJson">The operations as JSON, for <c>stream:ranking:deltas</c>.</param>
public sealed record CategoryOutput(string Name, RankedRow[] Rows, SnapshotRow[] SnapshotRows, List<RankingOp> Ops, byte[] OpsJson);

/// <summary>Everything a cycle publishes, already encoded: no serialization happens during I/O.</summary>
/// <param name="FilteredCompleteJson">
/// <c>scanner:filtered_complete:{SESSION}</c>: <c>{"as_of": ms since the Unix epoch (UTC, the snapshot's market time),
/// "snapshot_sequence": n, "rows": [ranked rows with rank and categories, best score first]}</c>.
/// </param>
public sealed record ScanOutput(ScanResult Result, IReadOnlyList<CategoryOutput> Categories, byte[] FilteredCompleteJson);
