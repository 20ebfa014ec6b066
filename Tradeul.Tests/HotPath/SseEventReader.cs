using System.Collections.Concurrent;
using System.Text.Json;

namespace Tradeul.Tests.HotPath;

/// <summary>
/// A client of <c>GET /api/categories/{name}/stream</c> that reads every event as it comes, on
/// its own task, and keeps each event's kind and sequence in arrival order.
/// </summary>
internal sealed class SseEventReader : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<(string Event, long Sequence)> _events = new();
    private readonly Task _reading;

    private SseEventReader(Stream stream)
    {
        _reading = Task.Run(() => ReadAsync(stream, _stop.Token));
    }

    public static async Task<SseEventReader> OpenAsync(HttpClient http, string category) =>
        new(await http.GetStreamAsync($"/api/categories/{category}/stream"));

    public IReadOnlyList<(string Event, long Sequence)> Events => [.. _events];

    public long LastSequence => _events.IsEmpty ? -1 : _events.Last().Sequence;

    /// <summary>Faulted when the stream ended or broke while the test still wanted it.</summary>
    public Task Reading => _reading;

    private async Task ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream);
        string? name = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var line = await reader.ReadLineAsync(cancellationToken) ?? throw new EndOfStreamException("The event stream ended.");
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && name is not null)
            {
                using var data = JsonDocument.Parse(line["data: ".Length..]);
                _events.Enqueue((name, data.RootElement.GetProperty("sequence").GetInt64()));
                name = null;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _reading;
        }
        catch (OperationCanceledException)
        {
            // Stopped by the test.
        }
        _stop.Dispose();
    }
}
