namespace Tradeul.Maintenance.Migrations;

/// <summary>One numbered SQL file: its file name, which is also its journal entry, and its text.</summary>
internal sealed record MigrationScript(string Name, string Contents);
