using System.Diagnostics.Metrics;
using Tradeul.Ingest.Telemetry;

namespace Tradeul.Tests.Ingest;

/// <summary>
/// Records the <c>outcome</c> tag of every <c>tradeul.ingest.cycles</c> measurement made
/// through one host's meter factory (other hosts in the same test run are ignored).
/// </summary>
internal sealed class IngestOutcomeRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<string> _outcomes = [];

    public IngestOutcomeRecorder(IMeterFactory scope)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == IngestTelemetry.Name && instrument.Name == "tradeul.ingest.cycles"
                && ReferenceEquals(instrument.Meter.Scope, scope))
            {
                listener.EnableMeasurementEvents(instrument);
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
            lock (_outcomes)
            {
                _outcomes.AddRange(Enumerable.Repeat(outcome, (int)value));
            }
        });
        _listener.Start();
    }

    /// <summary>How many cycles were counted with each outcome so far.</summary>
    public IReadOnlyDictionary<string, int> Counts()
    {
        lock (_outcomes)
        {
            return _outcomes.GroupBy(o => o).ToDictionary(g => g.Key, g => g.Count());
        }
    }

    public void Dispose() => _listener.Dispose();
}
