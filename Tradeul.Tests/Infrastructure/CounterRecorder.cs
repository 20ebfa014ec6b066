using System.Diagnostics.Metrics;

namespace Tradeul.Tests.Infrastructure;

/// <summary>Records each measurement of one counter of one service (its own <see cref="IMeterFactory"/>), in order.</summary>
public sealed class CounterRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<long> _values = [];

    public CounterRecorder(IMeterFactory scope, string meter, string instrument)
    {
        _listener.InstrumentPublished = (published, listener) =>
        {
            if (published.Meter.Name == meter && published.Name == instrument && ReferenceEquals(published.Meter.Scope, scope))
            {
                listener.EnableMeasurementEvents(published);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) =>
        {
            lock (_values)
            {
                _values.Add(value);
            }
        });
        _listener.Start();
    }

    public IReadOnlyList<long> Values
    {
        get
        {
            lock (_values)
            {
                return [.. _values];
            }
        }
    }

    public void Dispose() => _listener.Dispose();
}
