using System.Diagnostics;
using System.Text.Json;
using Tradeul.Ingest.Simulated;
using Tradeul.Scanner.Compute;
using Tradeul.Scanner.Publishing;
using Tradeul.Scanner.Streaming;
using Tradeul.Shared.Market;

namespace Tradeul.Benchmarks;

/// <summary>
/// The scanner's hot path without I/O: decode a whole-market snapshot, compute metrics and
/// categories, encode every output (snapshot rows, ranking deltas, filtered-complete JSON).
/// Snapshots come from the simulated market, 5 simulated seconds apart during the regular
/// session, encoded ahead of time so Ingest's work is not counted.
/// </summary>
internal static class ScanBenchmark
{
    public static int Run(CommandLine options)
    {
        var tickers = options.Int("tickers", 12_000);
        var cycles = options.Int("cycles", 300);
        var warmup = options.Int("warmup", 50);

        // A Tuesday at 10:30 New York time: the regular session, every category active but post_market.
        var market = new SimulatedSnapshots(tickers, SimulatedClock.NewYorkTime(new DateOnly(2026, 11, 24), new TimeOnly(10, 30)));
        var enrichment = market.Enrichment;

        Console.Error.WriteLine($"scan: preparing {warmup + cycles} snapshots of {tickers} tickers...");
        var entries = new List<(long Seq, long AsOf, int Rows, byte[] Data)>(warmup + cycles);
        for (var i = 0; i < warmup + cycles; i++)
        {
            entries.Add(market.Next());
        }

        var decoder = new RawSnapshotDecoder();
        var engine = new ScanEngine(new ScanThresholds(), topN: 100, filteredRows: 500);
        var hub = new RankingHub();
        var outputEncoder = new ScanOutputEncoder(hub);
        var decode = new List<double>(cycles);
        var compute = new List<double>(cycles);
        var cycle = new List<double>(cycles);
        long allocated = 0;
        long computeAllocatedTotal = 0;
        var rankedRows = 0;

        Console.Error.WriteLine($"scan: {warmup} warm-up and {cycles} measured cycles...");
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var t0 = Stopwatch.GetTimestamp();
            var snapshot = decoder.Decode(RawSnapshotFormat.Version, entry.Seq, entry.AsOf, entry.Rows, entry.Data);
            var t1 = Stopwatch.GetTimestamp();
            var computeAllocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var result = engine.Scan(snapshot, enrichment);
            var computeAllocated = GC.GetAllocatedBytesForCurrentThread() - computeAllocatedBefore;
            var t2 = Stopwatch.GetTimestamp();
            var output = outputEncoder.Encode(result);
            _ = output.FilteredCompleteJson; // encoded on first use; the publisher always writes it
            var t3 = Stopwatch.GetTimestamp();
            var allocatedAfter = GC.GetAllocatedBytesForCurrentThread();

            // What the publisher does in memory after Redis accepted the writes.
            foreach (var category in output.Categories)
            {
                hub.Publish(category.Name, entry.Seq, result.Session.ToKey(), result.AsOf, category.Rows, category.OpsJson);
            }
            if (i < warmup)
            {
                continue;
            }
            decode.Add(Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds);
            compute.Add(Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds);
            cycle.Add(Stopwatch.GetElapsedTime(t0, t3).TotalMilliseconds);
            allocated += allocatedAfter - allocatedBefore;
            computeAllocatedTotal += computeAllocated;
            rankedRows += result.Categories.Sum(c => c.Rows.Length);
            if ((i - warmup + 1) % 100 == 0)
            {
                Console.Error.WriteLine($"scan: {i - warmup + 1}/{cycles} cycles, cycle p50 so far {Percentiles.Of(cycle, 0.5):F3} ms");
            }
        }

        var report = new Dictionary<string, object>
        {
            ["scenario"] = "scan",
            ["tickers"] = tickers,
            ["cycles"] = cycles,
            ["decode_ms_p50"] = Round(Percentiles.Of(decode, 0.5)),
            ["compute_ms_p50"] = Round(Percentiles.Of(compute, 0.5)),
            ["compute_ms_p99"] = Round(Percentiles.Of(compute, 0.99)),
            ["cycle_ms_p50"] = Round(Percentiles.Of(cycle, 0.5)),
            ["cycle_ms_p99"] = Round(Percentiles.Of(cycle, 0.99)),
            ["alloc_bytes_per_cycle"] = allocated / cycles,
            // Compute alone: the ranked rows it returns, nothing per scanned ticker.
            ["compute_alloc_bytes_per_cycle"] = computeAllocatedTotal / cycles,
            ["ranked_rows_per_cycle"] = rankedRows / cycles,
            ["snapshot_bytes"] = entries[^1].Data.Length,
            // The intraday history's rings and slot table (allocated for the universe at the first snapshot).
            ["history_mb"] = Round(engine.History.Bytes / 1048576.0),
        };
        Console.WriteLine(JsonSerializer.Serialize(report));
        return 0;
    }


    private static double Round(double value) => Math.Round(value, 3);
}
