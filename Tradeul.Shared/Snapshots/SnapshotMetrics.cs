using System.Diagnostics;
using System.Diagnostics.Metrics;
using Tradeul.Shared.Telemetry;

namespace Tradeul.Shared.Snapshots;

public sealed class SnapshotMetrics
{
    public static readonly ActivitySource ActivitySource = new(TradeulTelemetry.SnapshotsActivitySource);

    private readonly Counter<long> _saves;
    private readonly Histogram<long> _rawBytes;
    private readonly Histogram<long> _storedBytes;
    private readonly Counter<long> _deltaFallbacks;
    private readonly Counter<long> _loadFallbacks;

    public SnapshotMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(TradeulTelemetry.SnapshotsMeter);
        _saves = meter.CreateCounter<long>("tradeul.snapshot.saves", "{save}", "Snapshot saves by kind and reason.");
        _rawBytes = meter.CreateHistogram<long>("tradeul.snapshot.raw_bytes", "By", "Encoded size before compression.");
        _storedBytes = meter.CreateHistogram<long>("tradeul.snapshot.stored_bytes", "By", "Bytes written to Redis.");
        _deltaFallbacks = meter.CreateCounter<long>("tradeul.snapshot.delta_fallbacks", "{save}", "Delta saves that failed and were written as full snapshots.");
        _loadFallbacks = meter.CreateCounter<long>("tradeul.snapshot.load_fallbacks", "{load}", "Loads that found a gap and returned the full snapshot alone.");
    }

    public void Saved(SnapshotSaveResult result)
    {
        var kind = new KeyValuePair<string, object?>("kind", result.Kind.ToString().ToLowerInvariant());
        _saves.Add(1, new TagList { kind, { "reason", result.Reason.ToString() }, { "snapshot", result.Name } });
        _rawBytes.Record(result.RawBytes, kind);
        _storedBytes.Record(result.StoredBytes, kind);
    }

    public void DeltaFellBack(string name) => _deltaFallbacks.Add(1, new KeyValuePair<string, object?>("snapshot", name));

    public void LoadFellBack(string name) => _loadFallbacks.Add(1, new KeyValuePair<string, object?>("snapshot", name));
}
