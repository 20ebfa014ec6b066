using System.Globalization;
using System.Text;
using Npgsql;

namespace Tradeul.Maintenance.Migrations;

/// <summary>
/// A migration script failed. The message names the script file and the statement that
/// failed, with the text around the position PostgreSQL points at, so whoever reads the
/// log can fix the script without reproducing the run. The script's transaction was
/// rolled back and it is not journaled; the scripts before it stay applied.
/// </summary>
public sealed class MigrationFailedException : Exception
{
    private const int MaxStatementLength = 2_000;
    private const int ContextLength = 40;

    public MigrationFailedException(string scriptName, string? statement, Exception error)
        : base(Describe(scriptName, statement, error), error)
    {
        ScriptName = scriptName;
        Statement = statement;
    }

    /// <summary>The file name of the failed script, e.g. <c>0003_timescale.sql</c>.</summary>
    public string ScriptName { get; }

    /// <summary>The statement that failed, when the failure happened while running one.</summary>
    public string? Statement { get; }

    private static string Describe(string scriptName, string? statement, Exception error)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Migration script {scriptName} failed: ");
        var postgres = error as PostgresException;
        text.Append(postgres is null ? error.Message : $"{postgres.SqlState}: {postgres.MessageText}");
        if (!string.IsNullOrWhiteSpace(statement))
        {
            text.Append(" | failing statement: ").Append(Shorten(statement.Trim()));
            if (postgres?.Position > 0)
            {
                text.Append(" | near: ").Append(Around(statement, postgres.Position));
            }
        }
        if (postgres is null)
        {
            return text.ToString();
        }
        // Inside a DO block the error belongs to a statement of the block; PostgreSQL
        // reports that one separately, with its own position.
        if (!string.IsNullOrWhiteSpace(postgres.InternalQuery))
        {
            text.Append(" | inner statement: ").Append(Shorten(postgres.InternalQuery.Trim()));
            if (postgres.InternalPosition > 0)
            {
                text.Append(" | near: ").Append(Around(postgres.InternalQuery, postgres.InternalPosition));
            }
        }
        if (!string.IsNullOrWhiteSpace(postgres.Where))
        {
            text.Append(" | where: ").Append(postgres.Where);
        }
        return text.ToString();
    }

    private static string Shorten(string statement) =>
        statement.Length <= MaxStatementLength ? statement : string.Concat(statement.AsSpan(0, MaxStatementLength), "…");

    /// <summary>The text either side of a 1-based character position, on one line, the position marked with «».</summary>
    private static string Around(string statement, int position)
    {
        var index = Math.Clamp(position - 1, 0, statement.Length);
        var start = Math.Max(0, index - ContextLength);
        var end = Math.Min(statement.Length, index + ContextLength);
        var before = statement[start..index];
        var after = statement[index..end];
        return OneLine(before) + "«" + OneLine(after) + "»";
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
