using System.Diagnostics.Metrics;

namespace Tradeul.Tests.Infrastructure;

/// <summary>
/// Records what one <c>long</c> counter of one service adds (its own <see cref="IMeterFactory"/>,
/// so services of other tests running at the same time do not count), each add with its tags
/// as strings ("" when a tag's value is null).
/// </summary>
internal sealed class CounterRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<(long Value, Dictionary<string, string> Tags)> _adds = [];

    public CounterRecorder(IMeterFactory scope, string meter, string counter)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == meter && instrument.Name == counter && ReferenceEquals(instrument.Meter.Scope, scope))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var copy = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value?.ToString() ?? "";
            }
            lock (_adds)
            {
                _adds.Add((value, copy));
            }
        });
        _listener.Start();
    }

    /// <summary>Each value added, in order.</summary>
    public IReadOnlyList<long> Values
    {
        get
        {
            lock (_adds)
            {
                return [.. _adds.Select(a => a.Value)];
            }
        }
    }

    /// <summary>The total added with every one of <paramref name="tags"/> (other tags may differ).</summary>
    public long Sum(params (string Key, string Value)[] tags)
    {
        lock (_adds)
        {
            return _adds.Where(a => tags.All(t => a.Tags.GetValueOrDefault(t.Key) == t.Value)).Sum(a => a.Value);
        }
    }

    /// <summary>The values of tags <paramref name="first"/> and <paramref name="second"/>, once per unit counted so far, in order.</summary>
    public IReadOnlyList<(string, string)> Recorded(string first, string second)
    {
        lock (_adds)
        {
            return [.. _adds.SelectMany(a => Enumerable.Repeat((a.Tags.GetValueOrDefault(first, ""), a.Tags.GetValueOrDefault(second, "")), (int)a.Value))];
        }
    }

    /// <summary>How many units were counted with each value of tag <paramref name="key"/> so far.</summary>
    public IReadOnlyDictionary<string, int> CountsBy(string key)
    {
        lock (_adds)
        {
            return _adds.GroupBy(a => a.Tags.GetValueOrDefault(key, "")).ToDictionary(g => g.Key, g => (int)g.Sum(a => a.Value));
        }
    }

    public void Dispose() => _listener.Dispose();
}
