using Microsoft.AspNetCore.Http.HttpResults;
using Tradeul.Scanner.Api;
using Tradeul.Scanner.Streaming;

namespace Tradeul.Scanner;

/// <summary>The Scanner's HTTP API; errors are problem details, the OpenAPI document is at /openapi/v1.json.</summary>
public static class ScannerEndpoints
{
    public static WebApplication MapScannerEndpoints(this WebApplication app)
    {
        app.MapTraderPage();

        var api = app.MapGroup("/api").WithTags("Scanner");
        api.MapGet("/stats", GetStats)
            .WithSummary("Scan cycles, their durations (ms, p50/p99 over the last 1,024) and the SSE clients.");
        api.MapGet("/categories", GetCategories)
            .WithSummary("Every category with the size, sequence and session of its current ranking.");
        api.MapGet("/categories/{name}", GetCategory)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A category's current ranking, best first.");
        api.MapGet("/categories/{name}/stream", RankingStreamEndpoint.StreamAsync)
            .WithSummary("Server-Sent Events: `full` (the ranking, as GET /api/categories/{name}) then one `delta` per save.")
            .WithDescription("Each event's `id` is the ranking's sequence. A `delta` carries `category`, `sequence`, `session`, `as_of` " +
                "and `ops` (add, remove, update, rerank); a sequence that is not the previous one plus one means a missed delta: " +
                "fetch the full ranking. A client that falls behind is disconnected and its reconnection starts with a `full`.")
            // A type, so the document lists the content type too (a body of no type is left out).
            .Produces<string>(StatusCodes.Status200OK, RankingStreamEndpoint.ContentType)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static Ok<ScannerStats.Snapshot> GetStats(ScannerStats stats) => TypedResults.Ok(stats.Read());

    private static Ok<CategorySummary[]> GetCategories(RankingHub hub) =>
        TypedResults.Ok(hub.All().Select(e => new CategorySummary(e.Category, e.Rows?.Length ?? 0, e.Sequence, e.Session)).ToArray());

    private static Results<RankingJson, ProblemHttpResult> GetCategory(string name, RankingHub hub) =>
        hub.Current(name) is { } ranking ? new RankingJson(ranking.Frame.Json) : ScannerProblems.UnknownCategory(name);
}
