using System.Text.Json.Serialization;

namespace Tradeul.Scanner;

/// <summary>What <c>GET /api/stats</c> reports. Percentiles cover the last <see cref="Window"/> scans.</summary>
public sealed class ScannerStats
{
    public const int Window = 1_024;

    private readonly Lock _gate = new();
    private readonly double[] _durations = new double[Window];
    private long _cycles;
    private long _failed;
    private int _tickersIn;
    private int _tickersOut;
    private double _last;
    private long _stale;
    private long _deadLettered;
    private long _claimed;
    private long _lastSequence;
    private int _consumers;
    private long _consumersDeleted;
    private string _session = "CLOSED";
    private int _sseClients;
    private long _sseDropped;

    public void Scanned(long sequence, string session, int tickersIn, int tickersOut, double milliseconds)
    {
        lock (_gate)
        {
            _durations[_cycles % Window] = milliseconds;
            _cycles++;
            _tickersIn = tickersIn;
            _tickersOut = tickersOut;
            _last = milliseconds;
            _lastSequence = sequence;
            _session = session;
        }
    }

    public void Failed()
    {
        lock (_gate)
        {
            _failed++;
        }
    }

    public void Stale(int count)
    {
        lock (_gate)
        {
            _stale += count;
        }
    }

    public void DeadLettered()
    {
        lock (_gate)
        {
            _deadLettered++;
        }
    }

    public void Claimed(int count)
    {
        lock (_gate)
        {
            _claimed += count;
        }
    }

    /// <summary>The group's consumer count after a prune pass, and how many that pass deleted.</summary>
    public void Consumers(int remaining, int deleted)
    {
        lock (_gate)
        {
            _consumers = remaining;
            _consumersDeleted += deleted;
        }
    }

    /// <summary>Live SSE clients over all categories, as the ranking hub counts them.</summary>
    public void SseClients(int clients)
    {
        lock (_gate)
        {
            _sseClients = clients;
        }
    }

    /// <summary>One SSE client dropped for falling behind (its queue was full).</summary>
    public void SseDropped()
    {
        lock (_gate)
        {
            _sseDropped++;
        }
    }

    public Snapshot Read()
    {
        lock (_gate)
        {
            var count = (int)Math.Min(_cycles, Window);
            var sorted = _durations.AsSpan(0, count).ToArray();
            Array.Sort(sorted);
            return new Snapshot(_cycles, _tickersIn, _tickersOut, Round(_last), Round(Percentile(sorted, 0.50)), Round(Percentile(sorted, 0.99)),
                _stale, _deadLettered, _session, _failed, _claimed, _lastSequence, _consumers, _consumersDeleted, _sseClients, _sseDropped);
        }
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static double Round(double value) => Math.Round(value, 3);

    public sealed record Snapshot(
        [property: JsonPropertyName("cycles")] long Cycles,
        [property: JsonPropertyName("tickers_in")] int TickersIn,
        [property: JsonPropertyName("tickers_out")] int TickersOut,
        [property: JsonPropertyName("last_scan_duration_ms")] double LastScanDurationMs,
        [property: JsonPropertyName("scan_ms_p50")] double ScanMsP50,
        [property: JsonPropertyName("scan_ms_p99")] double ScanMsP99,
        [property: JsonPropertyName("stale_skipped")] long StaleSkipped,
        [property: JsonPropertyName("dead_lettered")] long DeadLettered,
        [property: JsonPropertyName("session")] string Session,
        [property: JsonPropertyName("failed_cycles")] long FailedCycles,
        [property: JsonPropertyName("claimed")] long Claimed,
        [property: JsonPropertyName("last_snapshot_sequence")] long LastSnapshotSequence,
        [property: JsonPropertyName("consumers")] int Consumers,
        [property: JsonPropertyName("consumers_deleted")] long ConsumersDeleted,
        [property: JsonPropertyName("sse_clients")] int SseClients,
        [property: JsonPropertyName("sse_dropped")] long SseDropped);
}
