using Tradeul.Scanner.Api;

namespace Tradeul.Scanner.Streaming;

/// <summary>
/// <c>GET /api/categories/{name}/stream</c>: Server-Sent Events, first <c>event: full</c>, then
/// one <c>event: delta</c> per save. Each event's bytes are encoded once and shared by every
/// client (<see cref="RankingEvent.Frame"/>). A client the hub drops for falling behind has its
/// connection aborted, even mid-write, so its unread bytes are released and its EventSource
/// reconnects (and gets a full ranking). Streams end when the Scanner stops. An unknown category
/// is a 404 problem, as on <c>GET /api/categories/{name}</c>.
/// </summary>
public static class RankingStreamEndpoint
{
    public const string ContentType = "text/event-stream";

    public static async Task StreamAsync(string name, RankingHub hub, IHostApplicationLifetime lifetime, HttpContext http, CancellationToken requestAborted)
    {
        using var subscription = hub.Subscribe(name);
        if (subscription is null)
        {
            await ScannerProblems.UnknownCategory(name).ExecuteAsync(http);
            return;
        }
        http.Response.ContentType = ContentType;
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, subscription.Dropped, lifetime.ApplicationStopping);
        try
        {
            await foreach (var e in subscription.Events.ReadAllAsync(stop.Token))
            {
                // Straight into Kestrel's output pipe: one write that also flushes, no stream adapter.
                await http.Response.BodyWriter.WriteAsync(e.Frame.Bytes, stop.Token);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The client went away, the hub dropped it (below), or the Scanner is stopping: ending
            // the stream at once lets the client reconnect (to another replica, or this one restarted)
            // instead of holding shutdown until its timeout.
        }
        if (subscription.WasDropped)
        {
            http.Abort();
        }
    }
}
