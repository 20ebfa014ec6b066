using Tradeul.Maintenance.Storage;

namespace Tradeul.Maintenance.Migrations;

/// <summary>What one <see cref="MigrationRunner.ApplyAsync"/> did and what the database holds afterwards.</summary>
/// <param name="Applied">The numbered scripts it applied (none when the journal was current).</param>
/// <param name="Mode">The storage mode read from the objects afterwards (<see cref="StorageLayout.Mode"/>).</param>
/// <param name="StorageChanges">What the storage upgrade changed, one line each (e.g. "scan_results became a hypertable (1200 rows moved into chunks)"); empty when nothing was missing.</param>
/// <param name="Layout">The storage layout read afterwards.</param>
public sealed record MigrationReport(IReadOnlyList<string> Applied, StorageMode Mode, IReadOnlyList<string> StorageChanges, StorageLayout Layout);
