using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tradeul.Ingest.Simulated;
using Tradeul.Scanner;
using Tradeul.Scanner.Streaming;
using Tradeul.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tradeul.Tests.HotPath;

/// <summary>
/// Slow and many SSE clients (issue 13, item 2): a client that stops reading is dropped once its
/// bounded queue is full, so it cannot grow the Scanner's memory, while the clients that read
/// receive every sequence. Real Ingest and Scanner on a real redis-server, over real sockets.
/// </summary>
public sealed class SlowSseClientTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset MidMorning = SimulatedClock.NewYorkTime(new DateOnly(2026, 11, 24), new TimeOnly(10, 30));
    private const string Category = "new_highs";
    private const int Buffer = 4;

    [Fact]
    public async Task A_client_that_never_reads_is_dropped_while_the_others_receive_every_sequence()
    {
        await using var platform = await HotPathHarness.StartAsync(output, MidMorning, tickers: 3_000,
            scannerSettings: [new("Scanner:SseSubscriberBuffer", Buffer.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        var hub = platform.ScannerServices.GetRequiredService<RankingHub>();
        using var drops = new CounterRecorder(platform.ScannerServices.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            ScannerTelemetry.Name, "tradeul.scanner.sse.dropped");
        await platform.CycleAsync(TimeSpan.FromSeconds(5));

        await using var first = await SseEventReader.OpenAsync(platform.Http, Category);
        await using var second = await SseEventReader.OpenAsync(platform.Http, Category);
        // Asks for the stream and never reads a byte, with a receive window as small as the kernel allows.
        using var stalled = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 1024 };
        var address = new Uri(platform.Http.BaseAddress!, $"/api/categories/{Category}/stream");
        await stalled.ConnectAsync(address.Host, address.Port);
        await stalled.SendAsync(Encoding.ASCII.GetBytes($"GET {address.PathAndQuery} HTTP/1.1\r\nHost: {address.Authority}\r\n\r\n"));
        await Eventually.Until(() => hub.Clients == 3, "three SSE clients to connect");
        Assert.Equal(3, platform.Stats.SseClients);

        // Kernel buffers take some events before the Scanner's queue fills; then one more delta drops it.
        var cycles = 0;
        while (platform.Stats.SseDropped == 0)
        {
            Assert.True(++cycles <= 300, "the stalled client was never dropped");
            await CycleAndWaitForReadersAsync(platform, hub, first, second);
        }
        output.WriteLine($"stalled client dropped after {cycles} cycles");
        // The readers go on after the drop.
        for (var i = 0; i < 3; i++)
        {
            await CycleAndWaitForReadersAsync(platform, hub, first, second);
        }

        Assert.Equal(1, platform.Stats.SseDropped);
        Assert.Equal(2, platform.Stats.SseClients);
        Assert.Equal(2, hub.Clients);
        Assert.Equal(1, drops.Sum(("category", Category)));
        using (var stats = JsonDocument.Parse(await platform.Http.GetStringAsync("/api/stats")))
        {
            Assert.Equal(2, stats.RootElement.GetProperty("sse_clients").GetInt32());
            Assert.Equal(1, stats.RootElement.GetProperty("sse_dropped").GetInt64());
        }
        foreach (var reader in new[] { first, second })
        {
            var events = reader.Events;
            Assert.Equal("full", events[0].Event);
            Assert.All(events.Skip(1), e => Assert.Equal("delta", e.Event));
            // Every sequence from the full ranking to the last one published, none twice, none missing.
            Assert.Equal(Enumerable.Range((int)events[0].Sequence, events.Count).Select(s => (long)s), events.Select(e => e.Sequence));
            Assert.Equal(hub.Current(Category)!.Sequence, events[^1].Sequence);
            Assert.False(reader.Reading.IsCompleted, "a reading client's stream ended");
        }

        // The Scanner closed the stalled connection: draining it ends (EOF or reset) instead of waiting forever.
        await AssertClosedAsync(stalled);
    }

    private static async Task CycleAndWaitForReadersAsync(HotPathHarness platform, RankingHub hub, params SseEventReader[] readers)
    {
        await platform.CycleAsync(TimeSpan.FromMinutes(1));
        var sequence = hub.Current(Category)!.Sequence;
        // Waiting here keeps the readers from ever being behind by the test's doing: only the stalled client is.
        await Eventually.Until(() => readers.All(r => r.LastSequence == sequence || r.Reading.IsCompleted), $"the readers to receive sequence {sequence}");
        foreach (var reader in readers)
        {
            Assert.False(reader.Reading.IsFaulted, $"a reading client's stream broke: {reader.Reading.Exception}");
        }
    }

    private static async Task AssertClosedAsync(Socket socket)
    {
        var buffer = new byte[64 * 1024];
        using var deadline = new CancellationTokenSource(Eventually.DefaultDeadline);
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token) > 0)
            {
            }
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
            // Aborted with unread bytes: the kernel resets rather than finishing.
        }
    }
}
