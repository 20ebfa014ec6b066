using DbUp.Builder;

namespace Tradeul.Maintenance.Migrations;

internal static class StatementReportingExtensions
{
    /// <summary>
    /// Swaps DbUp's PostgreSQL executor for <see cref="StatementReportingScriptExecutor"/>,
    /// wired to the same configuration, with a timeout per statement.
    /// </summary>
    public static UpgradeEngineBuilder WithStatementReporting(this UpgradeEngineBuilder builder, TimeSpan statementTimeout)
    {
        builder.Configure(configuration => configuration.ScriptExecutor = new StatementReportingScriptExecutor(
            () => configuration.ConnectionManager,
            () => configuration.Log,
            () => configuration.VariablesEnabled,
            configuration.ScriptPreprocessors,
            () => configuration.Journal)
        {
            ExecutionTimeoutSeconds = (int)statementTimeout.TotalSeconds,
        });
        return builder;
    }
}
