using Microsoft.AspNetCore.Http.HttpResults;
using Tradeul.Maintenance.Jobs;
using Tradeul.Maintenance.Security;
using Tradeul.Maintenance.Status;

namespace Tradeul.Maintenance;

/// <summary>
/// Maintenance's HTTP API under <c>/api/maintenance</c>: typed results with named bodies, every error as
/// problem details (RFC 9457), the API key on every endpoint that changes state.
/// </summary>
public static class MaintenanceEndpoints
{
    public const string Prefix = "/api/maintenance";

    public static WebApplication MapMaintenanceEndpoints(this WebApplication app)
    {
        var api = app.MapGroup(Prefix).WithTags("Maintenance");

        api.MapGet("/status", GetStatusAsync)
            .WithName("GetMaintenanceStatus")
            .WithSummary("Storage mode, migrations, bounds, tables, TimescaleDB jobs, Maintenance's jobs and Redis, from a snapshot at most Maintenance:StatusRefreshInterval old (jobs always current).");

        api.MapPost("/persist-scan-results", PersistScanResults)
            .RequireApiKey()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("PersistScanResults")
            .WithSummary("Starts a scan persistence run now; 202 with the run to follow, or 409 with the run already going on.");

        api.MapGet("/runs/{id}", GetRun)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetMaintenanceRun")
            .WithSummary("One run of a Maintenance job by id: going on, or among the last runs of its job since the service started.");
        return app;
    }

    internal static async Task<Ok<MaintenanceStatus>> GetStatusAsync(MaintenanceStatusSnapshot status, CancellationToken cancellationToken) =>
        TypedResults.Ok(await status.ReadAsync(cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// One persistence run at a time, whatever started it: a request while one runs gets 409 naming that run
    /// (<c>run_id</c>, <c>run_url</c>) rather than joining it, so a 202 always means a run that started after
    /// the request and so read the Scanner's documents as they were then.
    /// </summary>
    internal static Results<Accepted<ManualRunStarted>, ProblemHttpResult> PersistScanResults(ManualJobRuns runs, ScanPersistenceJob job)
    {
        if (!runs.TryStart(ScanPersistenceJob.Name, job.RunAsync, ScanPersistenceJob.Describe, out var run))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "A scan persistence run is going on",
                detail: $"The {run.Trigger} run {run.RunId}, started at {run.LastRun:O}, has not finished; follow it at {RunUrl(run.RunId)}.",
                extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["run_id"] = run.RunId, ["run_url"] = RunUrl(run.RunId) });
        }
        return TypedResults.Accepted(RunUrl(run.RunId), new ManualRunStarted(run.RunId, run.Job, "started", run.LastRun, RunUrl(run.RunId)));
    }

    internal static Results<Ok<JobRun>, ProblemHttpResult, ValidationProblem> GetRun(string id, JobBoard board)
    {
        if (!IsRunId(id))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["id"] = ["A run id is 32 hexadecimal digits, as the 202 of a manual run gives it."],
            });
        }
        return board.Find(id.ToLowerInvariant()) is { } run
            ? TypedResults.Ok(run)
            : TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "No such run",
                detail: $"No run with this id is going on or among the last {JobBoard.RunsKeptPerJob} of its job; runs are kept in memory, not across restarts.");
    }

    private static string RunUrl(string runId) => $"{Prefix}/runs/{runId}";

    private static bool IsRunId(string id) => id.Length == 32 && id.All(char.IsAsciiHexDigit);
}
