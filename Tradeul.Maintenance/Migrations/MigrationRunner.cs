using System.Runtime.ExceptionServices;
using DbUp;
using DbUp.Engine;
using DbUp.Postgresql;
using Microsoft.Extensions.Logging;
using Npgsql;
using Tradeul.Maintenance.Storage;

namespace Tradeul.Maintenance.Migrations;

/// <summary>
/// Applies the numbered scripts in <c>migrations/</c> with DbUp, journaled in its
/// <c>schemaversions</c> table: the journal alone decides what runs. Each script runs in
/// its own transaction together with its journal row, so a failing script leaves nothing
/// behind and is not journaled, while the scripts before it stay applied. An advisory lock
/// (<see cref="MigrationLock"/>) makes concurrent starts safe.
/// </summary>
public sealed partial class MigrationRunner
{
    /// <summary>Converting an existing table into a hypertable moves every row; the default 30 s command timeout would fail that halfway.</summary>
    private static readonly TimeSpan StatementTimeout = TimeSpan.FromMinutes(30);

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger<MigrationRunner> _logger;
    private readonly IReadOnlyList<MigrationScript> _scripts;

    public MigrationRunner(NpgsqlDataSource dataSource, ILogger<MigrationRunner> logger)
        : this(dataSource, logger, EmbeddedMigrationScripts.All)
    {
    }

    /// <summary>Runs the given scripts instead of the embedded ones (tests add a broken one).</summary>
    internal MigrationRunner(NpgsqlDataSource dataSource, ILogger<MigrationRunner> logger, IReadOnlyList<MigrationScript> scripts)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(scripts);
        _dataSource = dataSource;
        _logger = logger;
        _scripts = scripts;
    }

    /// <summary>
    /// Applies every pending script, then <see cref="StorageUpgrade"/> (the storage objects of what the server
    /// offers now, upgrading a database TimescaleDB arrived in later), then reports what it applied, what the
    /// upgrade changed, and the storage layout read afterwards.
    /// </summary>
    /// <exception cref="MigrationFailedException">A script failed; the message names it and its failing statement.</exception>
    public async Task<MigrationReport> ApplyAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<string> applied;
        IReadOnlyList<string> storageChanges;
        await using (await MigrationLock.AcquireAsync(_dataSource, _logger, cancellationToken).ConfigureAwait(false))
        {
            var engine = BuildEngine();
            // DbUp is synchronous. Once started, a script runs to its end (or its timeout):
            // stopping between two statements would only roll it back anyway.
            var result = await Task.Run(engine.PerformUpgrade, cancellationToken).ConfigureAwait(false);
            if (!result.Successful)
            {
                // DbUp has logged the failure already. A failure outside any statement
                // (connection lost, journal unwritable) still gets the script's name.
                if (result.Error is MigrationFailedException failure)
                {
                    ExceptionDispatchInfo.Throw(failure);
                }
                throw new MigrationFailedException(result.ErrorScript?.Name ?? "(no script)", statement: null, result.Error);
            }
            applied = result.Scripts.Select(script => script.Name).ToArray();
            // Still under the lock: two instances must not both convert a table.
            storageChanges = await StorageUpgrade.ApplyAsync(_dataSource, StatementTimeout, cancellationToken).ConfigureAwait(false);
        }

        var layout = await StorageLayoutReader.ReadAsync(_dataSource, cancellationToken).ConfigureAwait(false);
        foreach (var change in storageChanges)
        {
            LogStorageChange(_logger, change);
        }
        LogApplied(_logger, applied.Count, applied.Count == 0 ? "-" : string.Join(", ", applied), layout.Mode.ToKey());
        return new MigrationReport(applied, layout.Mode, storageChanges, layout);
    }

    /// <summary>What the journal says, without changing anything.</summary>
    public async Task<MigrationStatus> StatusAsync(CancellationToken cancellationToken)
    {
        var engine = BuildEngine();
        var (executed, pending) = await Task.Run(() => (engine.GetExecutedScripts(), engine.GetScriptsToExecute()), cancellationToken)
            .ConfigureAwait(false);
        return new MigrationStatus(executed.Count, pending.Count, pending.Select(script => script.Name).ToArray());
    }

    private UpgradeEngine BuildEngine() =>
        DeployChanges.To
            .PostgresqlDatabase(new PostgresqlConnectionManager(_dataSource))
            .WithStatementReporting(StatementTimeout)
            .WithScripts(_scripts.Select(script => new SqlScript(script.Name, script.Contents)))
            .WithScriptNameComparer(StringComparer.Ordinal)
            // One transaction per script: all of a script and its journal row, or none of it.
            // This is also why continuous aggregates are created WITH NO DATA (0004).
            .WithTransactionPerScript()
            // DbUp would otherwise read $name$ in the SQL as its own variables.
            .WithVariablesDisabled()
            .LogTo(_logger)
            .Build();

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage upgrade: {Change}")]
    private static partial void LogStorageChange(ILogger logger, string change);

    [LoggerMessage(Level = LogLevel.Information, Message = "Migrations applied: {Count} ({Scripts}); storage mode {Mode}")]
    private static partial void LogApplied(ILogger logger, int count, string scripts, string mode);
}
