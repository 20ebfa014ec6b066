using System.Diagnostics.Metrics;

namespace Tradeul.Tests.Ingest.Splits;

/// <summary>Sums one counter instrument of one service (its own <see cref="IMeterFactory"/>) by its <c>outcome</c> tag.</summary>
internal sealed class OutcomeCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, long> _sums = new(StringComparer.Ordinal);

    public OutcomeCounter(IMeterFactory scope, string meter, string instrument)
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
            var outcome = "";
            foreach (var tag in tags)
            {
                if (tag.Key == "outcome")
                {
                    outcome = tag.Value as string ?? "";
                }
            }
            lock (_sums)
            {
                _sums[outcome] = _sums.GetValueOrDefault(outcome) + value;
            }
        });
        _listener.Start();
    }

    public long this[string outcome]
    {
        get
        {
            lock (_sums)
            {
                return _sums.GetValueOrDefault(outcome);
            }
        }
    }

    public void Dispose() => _listener.Dispose();
}
