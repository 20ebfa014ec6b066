using System.Diagnostics.Metrics;

namespace Tradeul.Tests.Infrastructure;

/// <summary>
/// Records every measurement of one <c>long</c> counter made through one service's
/// <see cref="IMeterFactory"/> (other hosts in the same test run are ignored): one entry per
/// unit counted, holding the measurement's tags as strings.
/// </summary>
internal sealed class CounterRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<IReadOnlyDictionary<string, string>> _recorded = [];

    public CounterRecorder(IMeterFactory scope, string meter, string instrument)
    {
        _listener.InstrumentPublished = (published, listener) =>
        {
            if (published.Meter.Name == meter && published.Name == instrument && ReferenceEquals(published.Meter.Scope, scope))
            {
                listener.EnableMeasurementEvents(published);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                values[tag.Key] = tag.Value?.ToString() ?? "";
            }
            lock (_recorded)
            {
                _recorded.AddRange(Enumerable.Repeat(values, (int)value));
            }
        });
        _listener.Start();
    }

    /// <summary>The value of tag <paramref name="first"/> and <paramref name="second"/> of each unit counted so far ("" when absent).</summary>
    public IReadOnlyList<(string, string)> Recorded(string first, string second)
    {
        lock (_recorded)
        {
            return [.. _recorded.Select(t => (t.GetValueOrDefault(first, ""), t.GetValueOrDefault(second, "")))];
        }
    }

    /// <summary>How many units were counted with each value of tag <paramref name="key"/> so far.</summary>
    public IReadOnlyDictionary<string, int> CountsBy(string key)
    {
        lock (_recorded)
        {
            return _recorded.GroupBy(t => t.GetValueOrDefault(key, "")).ToDictionary(g => g.Key, g => g.Count());
        }
    }

    public void Dispose() => _listener.Dispose();
}
