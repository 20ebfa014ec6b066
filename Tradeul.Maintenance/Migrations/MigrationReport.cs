namespace Tradeul.Maintenance.Migrations;

/// <summary>What one <see cref="MigrationRunner.ApplyAsync"/> did: the scripts it applied (none when the database was current) and the mode the database is in afterwards.</summary>
public sealed record MigrationReport(IReadOnlyList<string> Applied, StorageMode Mode);
