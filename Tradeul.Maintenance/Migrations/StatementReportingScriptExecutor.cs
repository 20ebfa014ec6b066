using DbUp.Engine;
using DbUp.Engine.Output;
using DbUp.Engine.Transactions;
using DbUp.Postgresql;
using Npgsql;

namespace Tradeul.Maintenance.Migrations;

/// <summary>
/// DbUp's PostgreSQL executor, except that a failing statement surfaces as a
/// <see cref="MigrationFailedException"/> naming the script and the statement itself.
/// PostgreSQL's error only carries a position inside the statement, and DbUp only the
/// statement's index, so the statement is found again the way DbUp found it: the same
/// preprocessing and the same split.
/// </summary>
internal sealed class StatementReportingScriptExecutor : PostgresqlScriptExecutor
{
    private readonly Func<IConnectionManager> _connectionManager;

    public StatementReportingScriptExecutor(
        Func<IConnectionManager> connectionManager,
        Func<IUpgradeLog> log,
        Func<bool> variablesEnabled,
        IEnumerable<IScriptPreprocessor> preprocessors,
        Func<IJournal> journal)
        : base(connectionManager, log, schema: null, variablesEnabled, preprocessors, journal)
    {
        _connectionManager = connectionManager;
    }

    protected override void ExecuteCommandsWithinExceptionHandler(int index, SqlScript script, Action executeCommand)
    {
        try
        {
            executeCommand();
        }
        catch (NpgsqlException error)
        {
            var statements = _connectionManager().SplitScriptIntoCommands(PreprocessScriptContents(script, null)).ToList();
            var statement = index >= 0 && index < statements.Count ? statements[index] : null;
            throw new MigrationFailedException(script.Name, statement, error);
        }
    }
}
