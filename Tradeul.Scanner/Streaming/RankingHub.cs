using System.Threading.Channels;
using Tradeul.Scanner.Compute;
using Tradeul.Scanner.Publishing;

namespace Tradeul.Scanner.Streaming;

/// <summary>
/// The current ranking of every category, as the API serves it, and the live subscribers
/// to each. Publishing and subscribing take the same lock, so a new subscriber's full
/// ranking and its first delta never overlap or leave a hole. A subscriber that cannot keep
/// up is cut off (its channel completes) rather than allowed to hold memory.
/// </summary>
public sealed class RankingHub
{
    /// <summary>Events a slow subscriber may have queued before it is cut off.</summary>
    public const int SubscriberBuffer = 256;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, RankingEvent> _current = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Channel<RankingEvent>>> _subscribers = new(StringComparer.Ordinal);

    public RankingHub()
    {
        foreach (var category in ScanCategories.All)
        {
            _current[category.Name] = new RankingEvent(category.Name, 0, "CLOSED", DateTimeOffset.UnixEpoch, [], null);
            _subscribers[category.Name] = [];
        }
    }

    public RankingEvent? Current(string category)
    {
        lock (_gate)
        {
            return _current.GetValueOrDefault(category);
        }
    }

    public IReadOnlyList<RankingEvent> All()
    {
        lock (_gate)
        {
            return [.. _current.Values];
        }
    }

    public void Publish(string category, long sequence, string session, DateTimeOffset asOf, RankedRow[] rows, IReadOnlyList<RankingOp> ops)
    {
        lock (_gate)
        {
            _current[category] = new RankingEvent(category, sequence, session, asOf, rows, null);
            var delta = new RankingEvent(category, sequence, session, asOf, null, ops);
            var subscribers = _subscribers[category];
            for (var i = subscribers.Count - 1; i >= 0; i--)
            {
                if (!subscribers[i].Writer.TryWrite(delta))
                {
                    subscribers[i].Writer.TryComplete(new InvalidOperationException("Subscriber fell behind; reconnect for a full ranking."));
                    subscribers.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>A channel that yields the current full ranking, then every delta; null for an unknown category.</summary>
    public ChannelReader<RankingEvent>? Subscribe(string category, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_current.TryGetValue(category, out var full))
            {
                return null;
            }
            var channel = Channel.CreateBounded<RankingEvent>(new BoundedChannelOptions(SubscriberBuffer) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
            channel.Writer.TryWrite(full);
            _subscribers[category].Add(channel);
            cancellationToken.Register(() =>
            {
                lock (_gate)
                {
                    _subscribers[category].Remove(channel);
                }
                channel.Writer.TryComplete();
            });
            return channel.Reader;
        }
    }
}
