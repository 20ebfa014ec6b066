using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using StackExchange.Redis;
using Tradeul.Shared.Telemetry;

namespace Tradeul.Shared.Streams;

/// <summary>Adds, failures, trims, trimmed entries and last seen lengths, per stream.</summary>
public sealed class StreamMetrics
{
    private readonly Counter<long> _adds;
    private readonly Counter<long> _addFailures;
    private readonly Counter<long> _trims;
    private readonly Counter<long> _trimmedEntries;
    private readonly ConcurrentDictionary<string, long> _lengths = new(StringComparer.Ordinal);

    public StreamMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(TradeulTelemetry.StreamsMeter);
        _adds = meter.CreateCounter<long>("tradeul.stream.adds", "{entry}", "Entries added through StreamManager.");
        _addFailures = meter.CreateCounter<long>("tradeul.stream.add_failures", "{entry}", "XADDs that failed, by error kind (oom, connection, ...).");
        _trims = meter.CreateCounter<long>("tradeul.stream.trims", "{trim}", "Trims run by the background loop.");
        _trimmedEntries = meter.CreateCounter<long>("tradeul.stream.trimmed_entries", "{entry}", "Entries removed by the background loop.");
        meter.CreateObservableGauge("tradeul.stream.length", ObserveLengths, "{entry}", "XLEN as last seen by the trim loop.");
    }

    public void Added(string stream) => _adds.Add(1, new KeyValuePair<string, object?>("stream", stream));

    public void AddFailed(string stream, Exception error) =>
        _addFailures.Add(1, new TagList { { "stream", stream }, { "error", Classify(error) } });

    public void Trimmed(string stream, long removed)
    {
        var tag = new KeyValuePair<string, object?>("stream", stream);
        _trims.Add(1, tag);
        _trimmedEntries.Add(removed, tag);
    }

    public void Observed(string stream, long length) => _lengths[stream] = length;

    public static string Classify(Exception error) => error switch
    {
        RedisServerException server when server.Message.StartsWith("OOM", StringComparison.Ordinal) => "oom",
        RedisServerException => "server",
        RedisConnectionException => "connection",
        RedisTimeoutException or TimeoutException or Polly.Timeout.TimeoutRejectedException => "timeout",
        Polly.CircuitBreaker.BrokenCircuitException => "circuit_open",
        _ => error.GetType().Name,
    };

    private IEnumerable<Measurement<long>> ObserveLengths() =>
        _lengths.Select(pair => new Measurement<long>(pair.Value, new KeyValuePair<string, object?>("stream", pair.Key)));
}
