namespace Tradeul.Maintenance.Migrations;

/// <summary>How many scripts the journal records as applied, and which known scripts are not applied yet.</summary>
public sealed record MigrationStatus(int Applied, int Pending, IReadOnlyList<string> PendingScripts);
