using System.Buffers;
using System.Text.Json;
using Tradeul.Scanner.Publishing;
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
                ? Results.Bytes(ToJson(ranking), "application/json")
                : Results.NotFound(new { error = $"Unknown category '{name}'." }));

        app.MapGet("/api/categories/{name}/stream", async (string name, RankingHub hub, HttpContext http, CancellationToken cancellationToken) =>
        {
            var events = hub.Subscribe(name, cancellationToken);
            if (events is null)
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                await http.Response.WriteAsJsonAsync(new { error = $"Unknown category '{name}'." }, cancellationToken);
                return;
            }
            http.Response.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache";
            http.Response.Headers["X-Accel-Buffering"] = "no";
            try
            {
                await foreach (var e in events.ReadAllAsync(cancellationToken))
                {
                    await http.Response.WriteAsync($"id: {e.Sequence}\nevent: {(e.IsFull ? "full" : "delta")}\ndata: ", cancellationToken);
                    await http.Response.Body.WriteAsync(ToJson(e), cancellationToken);
                    await http.Response.WriteAsync("\n\n", cancellationToken);
                    await http.Response.Body.FlushAsync(cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The client went away.
            }
            catch (InvalidOperationException)
            {
                // The hub cut off a subscriber that fell behind; ending the response tells it to reconnect.
            }
        });
        return app;
    }

    /// <summary>A full ranking (rows with their rank) or a delta (operations), with sequence and session.</summary>
    public static byte[] ToJson(RankingEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("category"u8, e.Category);
            writer.WriteNumber("sequence"u8, e.Sequence);
            writer.WriteString("session"u8, e.Session);
            writer.WriteString("as_of"u8, e.AsOf);
            if (e.Rows is not null)
            {
                writer.WriteStartArray("rows"u8);
                for (var i = 0; i < e.Rows.Length; i++)
                {
                    RankedRowJson.Write(writer, e.Rows[i], rank: i + 1);
                }
                writer.WriteEndArray();
            }
            if (e.Ops is not null)
            {
                writer.WritePropertyName("ops"u8);
                RankingDelta.WriteOps(writer, e.Ops);
            }
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
