using System.Threading.Channels;

namespace Tradeul.Scanner.Streaming;

/// <summary>
/// One live client of one category: a bounded queue of events (the hub writes, the SSE
/// response reads) and a token the hub cancels when it drops the client for falling behind,
/// so a response stuck writing to a client that stopped reading is released too. Dispose when
/// the response ends.
/// </summary>
public sealed class RankingSubscription : IDisposable
{
    private readonly RankingHub _hub;
    private readonly CancellationTokenSource _dropped = new();
    private int _wasDropped;

    internal RankingSubscription(RankingHub hub, string category, int capacity)
    {
        _hub = hub;
        Category = category;
        // Wait mode is never waited on: the hub only TryWrites, and a full queue means drop.
        Channel = System.Threading.Channels.Channel.CreateBounded<RankingEvent>(
            new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = false, FullMode = BoundedChannelFullMode.Wait });
    }

    public string Category { get; }

    internal Channel<RankingEvent> Channel { get; }

    public ChannelReader<RankingEvent> Events => Channel.Reader;

    /// <summary>Cancelled when the hub drops this client (its queue was full).</summary>
    public CancellationToken Dropped => _dropped.Token;

    public bool WasDropped => Volatile.Read(ref _wasDropped) == 1;

    /// <summary>Called by the hub outside its lock: cancellation runs the response's callbacks.</summary>
    internal void Drop()
    {
        Volatile.Write(ref _wasDropped, 1);
        Channel.Writer.TryComplete();
        _dropped.Cancel();
    }

    public void Dispose()
    {
        _hub.Unsubscribe(this);
        // The token source is not disposed: the hub may still drop this client after it left
        // (both race outside the hub's lock), and it holds no timer.
        Channel.Writer.TryComplete();
    }
}
