using Tradeul.Scanner.Streaming;

namespace Tradeul.Scanner;

public static class ScannerEndpoints
{
    public static WebApplication MapScannerEndpoints(this WebApplication app)
    {
        app.MapGet("/api/stats", (ScannerStats stats) => Results.Json(stats.Read()));

        app.MapGet("/api/categories", (RankingHub hub) => Results.Json(hub.All().Select(e => new
        {
            name = e.Category,
            rows = e.Rows?.Length ?? 0,
            sequence = e.Sequence,
            session = e.Session,
        })));

        app.MapGet("/api/categories/{name}", (string name, RankingHub hub) =>
            hub.Current(name) is { } ranking
                ? Results.Bytes(ranking.Frame.Json, "application/json")
                : Results.NotFound(new { error = $"Unknown category '{name}'." }));

        app.MapGet("/api/categories/{name}/stream", RankingStreamEndpoint.StreamAsync);
        app.MapTraderPage();
        return app;
    }
}
