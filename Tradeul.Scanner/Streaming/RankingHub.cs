using Tradeul.Scanner.Compute;
using Tradeul.Scanner.Publishing;

namespace Tradeul.Scanner.Streaming;

/// <summary>
/// The current ranking of every category, as the API serves it, and the live subscribers
/// to each. Publishing and subscribing take the same lock, so a new subscriber's full
/// ranking and its first delta never overlap or leave a hole. Each subscriber has a queue of
/// at most <see cref="SubscriberBuffer"/> events; one whose queue is full when a delta comes
/// has fallen behind and is dropped (its queue completes and its <see cref="RankingSubscription.Dropped"/>
/// token is cancelled, so its response ends and the client reconnects for a full ranking),
/// rather than allowed to hold memory. Drops and connected clients are counted in the
/// Scanner's stats and metrics.
/// </summary>
public sealed class RankingHub
{
    /// <summary>Default queue length per subscriber (events; one delta per category every Ingest interval, 5 s).</summary>
    public const int DefaultSubscriberBuffer = 32;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, RankingEvent> _current = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<RankingSubscription>> _subscribers = new(StringComparer.Ordinal);
    private readonly ScannerStats? _stats;
    private readonly ScannerTelemetry? _telemetry;
    private int _clients;

    /// <param name="subscriberBuffer">Events a subscriber may have queued before it is dropped (at least 1).</param>
    /// <param name="stats">Where connected clients and drops are reported (<c>sse_clients</c>, <c>sse_dropped</c>); none in benchmarks.</param>
    /// <param name="telemetry">The same as metrics (<c>tradeul.scanner.sse.clients</c>, <c>tradeul.scanner.sse.dropped</c>).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="subscriberBuffer"/> is below 1.</exception>
    public RankingHub(int subscriberBuffer = DefaultSubscriberBuffer, ScannerStats? stats = null, ScannerTelemetry? telemetry = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(subscriberBuffer, 1);
        SubscriberBuffer = subscriberBuffer;
        _stats = stats;
        _telemetry = telemetry;
        foreach (var category in ScanCategories.All)
        {
            _current[category.Name] = new RankingEvent(category.Name, 0, "CLOSED", DateTimeOffset.UnixEpoch, [], null);
            _subscribers[category.Name] = [];
        }
    }

    public int SubscriberBuffer { get; }

    /// <summary>Live subscribers over all categories.</summary>
    public int Clients => Volatile.Read(ref _clients);

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

    public void Publish(string category, long sequence, string session, DateTimeOffset asOf, RankedRow[] rows, byte[] opsJson)
    {
        List<RankingSubscription>? dropped = null;
        lock (_gate)
        {
            _current[category] = new RankingEvent(category, sequence, session, asOf, rows, null);
            var delta = new RankingEvent(category, sequence, session, asOf, null, opsJson);
            var subscribers = _subscribers[category];
            for (var i = subscribers.Count - 1; i >= 0; i--)
            {
                if (!subscribers[i].Channel.Writer.TryWrite(delta))
                {
                    (dropped ??= []).Add(subscribers[i]);
                    subscribers.RemoveAt(i);
                }
            }
            if (dropped is not null)
            {
                _clients -= dropped.Count;
                ReportClients();
            }
        }
        if (dropped is null)
        {
            return;
        }
        // Outside the lock: cancelling runs the responses' callbacks.
        foreach (var subscription in dropped)
        {
            subscription.Drop();
            _stats?.SseDropped();
            _telemetry?.SseDropped(category);
        }
    }

    /// <summary>
    /// A subscription whose queue yields the current full ranking, then every delta; null for
    /// an unknown category. Dispose it when the client goes.
    /// </summary>
    public RankingSubscription? Subscribe(string category)
    {
        lock (_gate)
        {
            if (!_current.TryGetValue(category, out var full))
            {
                return null;
            }
            var subscription = new RankingSubscription(this, category, SubscriberBuffer);
            subscription.Channel.Writer.TryWrite(full);
            _subscribers[category].Add(subscription);
            _clients++;
            ReportClients();
            return subscription;
        }
    }

    internal void Unsubscribe(RankingSubscription subscription)
    {
        lock (_gate)
        {
            // Absent when the hub already dropped it (and counted it off).
            if (_subscribers[subscription.Category].Remove(subscription))
            {
                _clients--;
                ReportClients();
            }
        }
    }

    private void ReportClients()
    {
        _stats?.SseClients(_clients);
        _telemetry?.SseClients(_clients);
    }
}
