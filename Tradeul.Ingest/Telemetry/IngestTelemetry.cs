using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Tradeul.Ingest.Telemetry;

public sealed class IngestTelemetry
{
    public const string Name = "Tradeul.Ingest";
    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Counter<long> _cycles;
    private readonly Counter<long> _rows;
    private readonly Counter<long> _dropped;
    private readonly Histogram<double> _cycleDuration;

    public IngestTelemetry(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(Name);
        _cycles = meter.CreateCounter<long>("tradeul.ingest.cycles", "{cycle}", "Ingest cycles by outcome (published, failed, rate_limited, suspect).");
        _rows = meter.CreateCounter<long>("tradeul.ingest.rows", "{row}", "Rows published to snapshots:raw.");
        _dropped = meter.CreateCounter<long>("tradeul.ingest.dropped_rows", "{row}", "Rows dropped before publishing, by reason.");
        _cycleDuration = meter.CreateHistogram<double>("tradeul.ingest.cycle_duration", "ms", "Fetch, validate, encode and publish of one snapshot.");
    }

    public void Published(int rows, IReadOnlyDictionary<string, int> dropped, double milliseconds)
    {
        _cycles.Add(1, new KeyValuePair<string, object?>("outcome", "published"));
        _rows.Add(rows);
        foreach (var (reason, count) in dropped)
        {
            _dropped.Add(count, new KeyValuePair<string, object?>("reason", reason));
        }
        _cycleDuration.Record(milliseconds);
    }

    /// <summary>The provider answered HTTP 429: its own outcome, so a spent plan is not read as an outage.</summary>
    public void RateLimited() => _cycles.Add(1, new KeyValuePair<string, object?>("outcome", "rate_limited"));

    /// <summary>A snapshot held back as implausible (its rows collapsed during a session).</summary>
    public void Suspect() => _cycles.Add(1, new KeyValuePair<string, object?>("outcome", "suspect"));

    public void Failed(Exception error) =>
        _cycles.Add(1, new TagList { { "outcome", "failed" }, { "error", error.GetType().Name } });
}
