using System.Text;

namespace Tradeul.AppHost.Tests;

/// <summary>A minimal reader of a <c>text/event-stream</c>: one event per blank-line-terminated block.</summary>
internal sealed class ServerSentEvents(Stream stream)
{
    private readonly StreamReader _reader = new(stream, Encoding.UTF8);

    public async Task<(string Event, string Data)> NextAsync(CancellationToken cancellationToken)
    {
        string name = "message";
        var data = new StringBuilder();
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancellationToken)
                ?? throw new EndOfStreamException("The event stream ended.");
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    return (name, data.ToString());
                }
                continue;
            }
            if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                name = line["event:".Length..].Trim();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data.Append(line["data:".Length..].TrimStart());
            }
        }
    }
}
