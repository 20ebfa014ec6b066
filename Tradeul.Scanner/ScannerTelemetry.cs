using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Tradeul.Scanner;

public sealed class ScannerTelemetry
{
    public const string Name = "Tradeul.Scanner";
    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Counter<long> _cycles;
    private readonly Histogram<double> _scanDuration;
    private readonly Counter<long> _stale;
    private readonly Counter<long> _deadLettered;
    private readonly Counter<long> _claimed;
    private readonly Counter<long> _consumersDeleted;
    private readonly Counter<long> _sseDropped;
    private int _consumers;
    private int _sseClients;

    public ScannerTelemetry(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(Name);
        _cycles = meter.CreateCounter<long>("tradeul.scanner.cycles", "{cycle}", "Scan cycles by outcome (scanned, closed, failed, dead_lettered).");
        _scanDuration = meter.CreateHistogram<double>("tradeul.scanner.scan_duration", "ms", "Decode, compute, encode and publish of one snapshot.");
        _stale = meter.CreateCounter<long>("tradeul.scanner.stale_skipped", "{entry}", "Older snapshots acknowledged unscanned because a newer one was waiting.");
        _deadLettered = meter.CreateCounter<long>("tradeul.scanner.dead_lettered", "{entry}", "Entries moved to stream:deadletter, by reason.");
        _claimed = meter.CreateCounter<long>("tradeul.scanner.claimed", "{entry}", "Pending entries claimed from idle consumers.");
        _consumersDeleted = meter.CreateCounter<long>("tradeul.scanner.consumers_deleted", "{consumer}", "Idle consumers with nothing pending deleted from the group.");
        _sseDropped = meter.CreateCounter<long>("tradeul.scanner.sse.dropped", "{client}", "SSE clients dropped for falling behind (their queue was full), by category.");
        meter.CreateObservableGauge("tradeul.scanner.sse.clients", () => Volatile.Read(ref _sseClients), "{client}", "Live SSE clients over all categories.");
        meter.CreateObservableGauge("tradeul.scanner.consumers", () => Volatile.Read(ref _consumers), "{consumer}", "Consumers in the group after the last prune pass.");
    }

    public void Cycle(string outcome, double milliseconds)
    {
        _cycles.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        if (outcome == "scanned")
        {
            _scanDuration.Record(milliseconds);
        }
    }

    public void Stale(int count) => _stale.Add(count);
    public void DeadLettered(string reason) => _deadLettered.Add(1, new KeyValuePair<string, object?>("reason", reason));
    public void Claimed(int count) => _claimed.Add(count);

    public void SseClients(int clients) => Volatile.Write(ref _sseClients, clients);
    public void SseDropped(string category) => _sseDropped.Add(1, new KeyValuePair<string, object?>("category", category));

    public void Consumers(int remaining, int deleted)
    {
        Volatile.Write(ref _consumers, remaining);
        if (deleted > 0)
        {
            _consumersDeleted.Add(deleted);
        }
    }
}
