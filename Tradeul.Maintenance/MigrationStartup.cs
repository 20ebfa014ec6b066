using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;
using Tradeul.Maintenance.Migrations;
using Tradeul.Maintenance.Storage;
using Tradeul.Shared.Resilience;

namespace Tradeul.Maintenance;

/// <summary>
/// Applies pending migrations before any job starts (hosted services start in order), or
/// only detects the storage mode when a deploy step migrates instead. Only connecting goes
/// through the PostgreSQL resilience pipeline (retries of transient errors, 30 s per attempt):
/// the migration itself runs outside it, to completion or to its own error, because it may
/// rightly take minutes (waiting for another instance's advisory lock without limit, converting
/// a table into a hypertable under a 30-minute statement timeout), and a pipeline timeout would
/// cut it off at every start, with no retry that could ever finish. A database that stays
/// unreachable through the retries fails the start: every job depends on it.
/// </summary>
public sealed partial class MigrationStartup(
    MigrationRunner runner,
    Npgsql.NpgsqlDataSource database,
    StorageState state,
    IOptions<MaintenanceOptions> options,
    ResiliencePipelineProvider<string> pipelines,
    ILogger<MigrationStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var pipeline = pipelines.GetPipeline(ResiliencePipelineNames.Postgres);
        if (options.Value.ApplyMigrationsAtStart)
        {
            await pipeline.ExecuteAsync(static async (db, token) =>
            {
                await using var connection = await db.OpenConnectionAsync(token).ConfigureAwait(false);
            }, database, cancellationToken).ConfigureAwait(false);
            var report = await runner.ApplyAsync(cancellationToken).ConfigureAwait(false);
            state.Layout = report.Layout;
            LogApplied(logger, report.Applied.Count, report.Mode.ToKey());
        }
        else
        {
            state.Layout = await pipeline.ExecuteAsync(static async (db, token) => await StorageLayoutReader.ReadAsync(db, token).ConfigureAwait(false), database, cancellationToken).ConfigureAwait(false);
        }
        if (state.Layout.UpgradePending)
        {
            LogUpgradePending(logger, state.Layout.Mode.ToKey());
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage mode {Mode}, but the server offers TimescaleDB features this database does not use: run migrate to add missing hypertables, policies and aggregates; a policy someone paused stays paused until resumed with alter_job(id, scheduled => true), which migrate leaves to the operator. Until then Maintenance enforces every bound no policy does.")]
    private static partial void LogUpgradePending(ILogger logger, string mode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Migrations: {Applied} applied; storage mode {Mode}.")]
    private static partial void LogApplied(ILogger logger, int applied, string mode);
}
