using Microsoft.AspNetCore.Http.HttpResults;

namespace Tradeul.Ingest;

/// <summary>Ingest's HTTP API; errors are problem details, the OpenAPI document is at /openapi/v1.json.</summary>
public static class IngestEndpoints
{
    public static WebApplication MapIngestEndpoints(this WebApplication app)
    {
        app.MapGet("/api/ingest/stats", GetStats)
            .WithTags("Ingest")
            .WithSummary("Cycles, rows published and dropped (by reason), rate limiting, splits and the day record.");
        return app;
    }

    private static Ok<IngestStats.Snapshot> GetStats(IngestStats stats) => TypedResults.Ok(stats.Read());
}
