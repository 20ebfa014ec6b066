using System.Text;
using System.Text.Json;
using Tradeul.Scanner;
using Tradeul.Scanner.Publishing;
using Tradeul.Scanner.Streaming;

namespace Tradeul.Tests.Scanner;

/// <summary>The hub's bounded queues and shared frames, on its own (the SSE test runs it over sockets).</summary>
public sealed class RankingHubTests
{
    private const string Category = "winners";
    private static readonly DateTimeOffset AsOf = new(2026, 11, 24, 15, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Every_subscriber_gets_the_same_event_encoded_once_as_one_sse_frame()
    {
        var hub = new RankingHub();
        using var first = hub.Subscribe(Category)!;
        using var second = hub.Subscribe(Category)!;
        hub.Publish(Category, 7, "MARKET_OPEN", AsOf, [], "[]"u8.ToArray());

        Assert.True(first.Events.TryRead(out var firstFull));
        Assert.True(second.Events.TryRead(out var secondFull));
        Assert.Same(firstFull, secondFull);
        Assert.True(first.Events.TryRead(out var a));
        Assert.True(second.Events.TryRead(out var b));
        Assert.Same(a, b);
        Assert.Same(a.Frame, b.Frame);
        Assert.Same(a.Frame.Bytes, b.Frame.Bytes);

        var text = Encoding.UTF8.GetString(a.Frame.Bytes);
        Assert.StartsWith("id: 7\nevent: delta\ndata: {", text, StringComparison.Ordinal);
        Assert.EndsWith("}\n\n", text, StringComparison.Ordinal);
        Assert.Equal(2, text.Count(c => c == '\n') - 2); // id and event lines; the JSON has no line break
        using var json = JsonDocument.Parse(a.Frame.Json);
        Assert.Equal(7, json.RootElement.GetProperty("sequence").GetInt64());
        Assert.Equal(0, json.RootElement.GetProperty("ops").GetArrayLength());
        Assert.False(json.RootElement.TryGetProperty("rows", out _));
    }

    [Fact]
    public async Task A_subscriber_whose_queue_is_full_is_dropped_and_counted_while_one_that_reads_misses_nothing()
    {
        var stats = new ScannerStats();
        var hub = new RankingHub(subscriberBuffer: 2, stats);
        using var stalled = hub.Subscribe(Category)!;
        using var reading = hub.Subscribe(Category)!;
        Assert.Equal(2, stats.Read().SseClients);
        var received = new List<long>();
        Drain(reading, received);

        // Queue of 2: the full ranking and sequence 1 fit; sequence 2 finds it full.
        hub.Publish(Category, 1, "MARKET_OPEN", AsOf, [], "[]"u8.ToArray());
        Drain(reading, received);
        Assert.False(stalled.WasDropped);
        hub.Publish(Category, 2, "MARKET_OPEN", AsOf, [], "[]"u8.ToArray());
        Drain(reading, received);
        hub.Publish(Category, 3, "MARKET_OPEN", AsOf, [], "[]"u8.ToArray());
        Drain(reading, received);

        Assert.True(stalled.WasDropped);
        Assert.True(stalled.Dropped.IsCancellationRequested);
        // What it had queued still drains, then its queue ends: the response finishes and closes.
        var left = new List<long>();
        await foreach (var e in stalled.Events.ReadAllAsync())
        {
            left.Add(e.Sequence);
        }
        Assert.Equal([0, 1], left);
        Assert.Equal([0, 1, 2, 3], received);
        Assert.Equal(1, hub.Clients);
        Assert.Equal(1, stats.Read().SseClients);
        Assert.Equal(1, stats.Read().SseDropped);

        // Leaving after being dropped is not counted twice.
        stalled.Dispose();
        Assert.Equal(1, hub.Clients);
        reading.Dispose();
        Assert.Equal(0, stats.Read().SseClients);
    }

    [Fact]
    public void An_unknown_category_has_no_subscription_and_a_queue_below_one_event_is_refused()
    {
        Assert.Null(new RankingHub().Subscribe("no_such_thing"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RankingHub(subscriberBuffer: 0));
        var refused = new ScannerOptionsValidator().Validate(null, new ScannerOptions { SseSubscriberBuffer = 0 });
        Assert.True(refused.Failed);
        Assert.Contains("Scanner:SseSubscriberBuffer must be between 1 and 10000 events (was 0).", refused.Failures!);
        Assert.True(new ScannerOptionsValidator().Validate(null, new ScannerOptions()).Succeeded);
    }

    private static void Drain(RankingSubscription subscription, List<long> into)
    {
        while (subscription.Events.TryRead(out var e))
        {
            into.Add(e.Sequence);
        }
    }
}
