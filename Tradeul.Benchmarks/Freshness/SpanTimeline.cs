using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Tradeul.Benchmarks.Freshness;

/// <summary>
/// Where a snapshot's time goes between Ingest having it and the clients having its deltas: every
/// span of Ingest, the Scanner and the snapshot manager, placed relative to the snapshot's
/// "ingest.encode" start (ms). A snapshot's spans are those that start within four fifths of a cycle after it.
/// <see cref="Summary"/> gives, per span name, the median over counted snapshots of its first
/// start and last end, in start order, so the critical path reads top to bottom.
/// </summary>
internal sealed class SpanTimeline : IDisposable
{
    private const string StartProperty = "tradeul.benchmark.start";

    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<(string Name, long Start, long End)> _spans = new();
    private readonly ConcurrentQueue<long> _snapshotStarts = new();

    public SpanTimeline()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("Tradeul.", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            // Both ends on the Stopwatch the benchmark's zero is taken from, not on Activity's wall-clock times.
            ActivityStarted = activity => activity.SetCustomProperty(StartProperty, Stopwatch.GetTimestamp()),
            ActivityStopped = activity =>
            {
                var end = Stopwatch.GetTimestamp();
                if (activity.GetCustomProperty(StartProperty) is long start)
                {
                    _spans.Enqueue((activity.OperationName, start, end));
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Records a moment of the benchmark's own (e.g. a client parsed a delta) as a span of no length.</summary>
    public void Mark(string name, long timestamp) => _spans.Enqueue((name, timestamp, timestamp));

    /// <summary>Marks a counted snapshot's zero: the moment Ingest had it (Stopwatch timestamp).</summary>
    public void SnapshotHad(long timestamp) => _snapshotStarts.Enqueue(timestamp);

    /// <summary>One line per span name: median first start and last end after the snapshot was had, ms.</summary>
    public string Summary(TimeSpan cycle)
    {
        var starts = _snapshotStarts.ToArray();
        var spans = _spans.ToArray();
        var perName = new Dictionary<string, (List<double> Starts, List<double> Ends)>(StringComparer.Ordinal);
        foreach (var zero in starts)
        {
            // Four fifths of a cycle: all of this snapshot's work, none of the next one's.
            var window = zero + (long)(cycle.TotalSeconds * 0.8 * Stopwatch.Frequency);
            foreach (var group in spans.Where(s => s.Start >= zero - Stopwatch.Frequency / 1000 && s.Start < window).GroupBy(s => s.Name))
            {
                if (!perName.TryGetValue(group.Key, out var lists))
                {
                    perName[group.Key] = lists = ([], []);
                }
                lists.Starts.Add(Stopwatch.GetElapsedTime(zero, group.Min(s => s.Start)).TotalMilliseconds);
                lists.Ends.Add(Stopwatch.GetElapsedTime(zero, group.Max(s => s.End)).TotalMilliseconds);
            }
        }
        var text = new StringBuilder();
        foreach (var (name, (startList, endList)) in perName.OrderBy(p => Median(p.Value.Starts)))
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name,-24} starts {Median(startList),7:F1} ms  ends {Median(endList),7:F1} ms  ({startList.Count} snapshots)"));
        }
        return text.ToString();
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
    }

    public void Dispose() => _listener.Dispose();
}
