using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Tradeul.Tests.Ingest.Polygon;

/// <summary>
/// A real Kestrel server on a loopback port that answers Polygon's snapshot route the way the
/// current test says (<see cref="Respond"/>) and records what each request carried.
/// </summary>
internal sealed class PolygonTestServer : IAsyncDisposable
{
    public const string SnapshotRoute = "/v2/snapshot/locale/us/markets/stocks/tickers";
    public const string SplitsRoute = "/v3/reference/splits";

    private readonly WebApplication _app;

    private PolygonTestServer(WebApplication app) => _app = app;

    public Uri BaseUrl => new(_app.Urls.First());

    /// <summary>What the route does; set by each test before fetching.</summary>
    public RequestDelegate Respond { get; set; } = context =>
    {
        context.Response.StatusCode = StatusCodes.Status501NotImplemented;
        return Task.CompletedTask;
    };

    /// <summary>What the splits route does (501 until a test sets it).</summary>
    public RequestDelegate RespondSplits { get; set; } = context =>
    {
        context.Response.StatusCode = StatusCodes.Status501NotImplemented;
        return Task.CompletedTask;
    };

    /// <summary>Requests to every route, in order; tell them apart by <see cref="ReceivedRequest.Path"/>.</summary>
    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    public static async Task<PolygonTestServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new PolygonTestServer(app);
        app.MapGet(SnapshotRoute, (RequestDelegate)(context => server.Record(context, server.Respond)));
        app.MapGet(SplitsRoute, (RequestDelegate)(context => server.Record(context, server.RespondSplits)));
        await app.StartAsync();
        return server;
    }

    private Task Record(HttpContext context, RequestDelegate respond)
    {
        Received.Enqueue(new ReceivedRequest(
            context.Request.Path.Value ?? "",
            context.Request.QueryString.Value ?? "",
            context.Request.Headers.Authorization.ToString()));
        return respond(context);
    }

    /// <summary>Answers with a fixed status and JSON body.</summary>
    public static RequestDelegate Json(string body, int status = StatusCodes.Status200OK) => async context =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal sealed record ReceivedRequest(string Path, string Query, string Authorization);
