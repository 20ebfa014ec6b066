using System.Diagnostics;
using System.Text.Json;
using Tradeul.Ingest.Simulated;
using Tradeul.Scanner.Compute;
using Tradeul.Scanner.Scans;
using Tradeul.Shared.Market;

namespace Tradeul.Benchmarks;

/// <summary>
/// Many user scans evaluated together every cycle (<see cref="ScanSet"/>) over the real engine's
/// columns: the simulated market, 5 simulated seconds per cycle from 09:25 New York, through
/// encode, decode and <see cref="ScanEngine"/>; the first <c>--warmup-minutes</c> (65) fill the
/// intraday history so every window field has values, then only the evaluation is timed. The scans
/// are realistic (2-5 conditions over mixed fields, round thresholds, a sort and a limit), generated
/// from a fixed seed and all distinct. <c>--share false</c> computes every scan on its own, so the
/// figure shows what sharing identical conditions between scans saves.
/// </summary>
internal static class ScansBenchmark
{
    public static int Run(CommandLine options)
    {
        var tickers = options.Int("tickers", 12_000);
        var count = options.Int("scans", 1_000);
        var cycles = options.Int("cycles", 60);
        var warmupMinutes = options.Int("warmup-minutes", 65);
        var seed = options.Int("seed", 42);
        var share = options.Flag("share", true);

        var scans = Generate(count, new Random(seed));
        var set = new ScanSet(share);
        foreach (var scan in scans)
        {
            set.Add(scan);
        }
        var conditions = scans.Sum(s => s.Conditions);
        Console.Error.WriteLine($"scans: {set.Count} distinct scans, {conditions} conditions ({(double)conditions / set.Count:F1} per scan), e.g. {scans[0].Definition}");

        var market = new SimulatedSnapshots(tickers, SimulatedClock.NewYorkTime(new DateOnly(2026, 11, 24), new TimeOnly(9, 25)));
        var decoder = new RawSnapshotDecoder();
        var engine = new ScanEngine(new ScanThresholds(), topN: 100, filteredRows: 500);

        var warmup = warmupMinutes * 12;
        Console.Error.WriteLine($"scans: {warmup} warm-up cycles ({warmupMinutes} simulated minutes) of {tickers} tickers, then {cycles} measured...");
        var evaluate = new List<double>(cycles);
        long allocated = 0;
        long matched = 0;
        for (var i = 0; i < warmup + cycles; i++)
        {
            var (sequence, asOf, rows, data) = market.Next();
            engine.Scan(decoder.Decode(RawSnapshotFormat.Version, sequence, asOf, rows, data), market.Enrichment);

            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var started = Stopwatch.GetTimestamp();
            set.Evaluate(engine.Columns);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (i < warmup)
            {
                if ((i + 1) % 120 == 0)
                {
                    Console.Error.WriteLine($"scans: warm-up {(i + 1) / 12} min, evaluation {elapsed:F1} ms, history {engine.History.Covered.TotalMinutes:F0} min");
                }
                continue;
            }
            allocated += GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            evaluate.Add(elapsed);
            foreach (var scan in set.Scans)
            {
                matched += set.Matches(scan.Id)!.Matched;
            }
            if ((i - warmup + 1) % 20 == 0)
            {
                Console.Error.WriteLine($"scans: {i - warmup + 1}/{cycles} cycles, evaluation p50 so far {Percentiles.Of(evaluate, 0.5):F2} ms");
            }
        }

        var p50 = Percentiles.Of(evaluate, 0.5);
        var report = new Dictionary<string, object>
        {
            ["scenario"] = "scans",
            ["tickers"] = tickers,
            ["scans"] = set.Count,
            ["conditions"] = conditions,
            ["share"] = share,
            // Distinct comparisons and number operations computed per cycle when scans share work.
            ["shared_results"] = set.SharedResults,
            ["cycles"] = cycles,
            ["eval_ms_p50"] = Round(p50),
            ["eval_ms_p99"] = Round(Percentiles.Of(evaluate, 0.99)),
            ["ns_per_row_condition"] = Round(p50 * 1e6 / ((double)engine.Columns.Count * conditions)),
            ["matched_rows_per_scan"] = Round((double)matched / cycles / set.Count),
            ["eval_alloc_bytes_per_cycle"] = allocated / cycles,
            ["history_mb"] = Round(engine.History.Bytes / 1048576.0),
        };
        Console.WriteLine(JsonSerializer.Serialize(report));
        return 0;
    }

    /// <summary>A condition a trader would write, with its usual round thresholds.</summary>
    private static readonly Func<Random, string>[] Conditions =
    [
        r => $"price > {Pick(r, "1", "2", "5", "10", "20")}",
        r => $"price < {Pick(r, "10", "20", "50", "100")}",
        r => $"between(price, {Pick(r, "1", "2", "5")}, {Pick(r, "20", "50", "200")})",
        r => $"volume > {Pick(r, "100k", "500k", "1M", "5M")}",
        r => $"dollar_volume > {Pick(r, "1M", "5M", "10M", "50M")}",
        r => $"rvol > {Pick(r, "1.5", "2", "3", "5")}",
        r => $"change_percent > {Pick(r, "2", "3", "5", "10")}",
        r => $"change_percent < -{Pick(r, "2", "3", "5")}",
        r => $"gap_percent > {Pick(r, "2", "4", "8")}",
        r => $"abs(gap_percent) > {Pick(r, "3", "5")}",
        r => $"change_1min_percent > {Pick(r, "0.3", "0.5", "1")}",
        r => $"change_5min_percent > {Pick(r, "0.5", "1", "2")}",
        r => $"change_5min_percent < -{Pick(r, "0.5", "1", "2")}",
        r => $"change_15min_percent > {Pick(r, "1", "2", "3")}",
        r => $"change_60min_percent > {Pick(r, "2", "5")}",
        r => $"volume_1min > {Pick(r, "10k", "20k", "50k")}",
        r => $"volume_5min > {Pick(r, "50k", "100k", "200k")}",
        r => $"volume_15min > {Pick(r, "100k", "500k")}",
        r => $"from_high_percent < {Pick(r, "1", "2", "5")}",
        r => $"vwap_distance_percent > {Pick(r, "0", "1", "2")}",
        r => $"market_cap < {Pick(r, "300M", "2B", "10B")}",
        r => $"market_cap > {Pick(r, "2B", "10B")}",
        r => $"float_shares < {Pick(r, "20M", "50M", "100M")}",
        r => $"float_rotation > {Pick(r, "0.1", "0.5", "1")}",
        r => $"range_percent > {Pick(r, "3", "5", "10")}",
        r => $"sector in ({Pick(r, "\"Technology\", \"Healthcare\"", "\"Energy\"", "\"Financials\", \"Industrials\"")})",
        r => $"exchange == \"{Pick(r, "XNAS", "XNYS")}\"",
        r => $"volume_5min / volume > {Pick(r, "0.05", "0.1")}",
    ];

    private static readonly string[] Sorts =
        ["change_percent", "change_5min_percent", "rvol", "volume", "volume_5min", "gap_percent", "move_percent", "abs(change_percent)", "dollar_volume", "change_1min_percent"];

    private static List<CompiledScan> Generate(int count, Random random)
    {
        var scans = new List<CompiledScan>(count);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (scans.Count < count)
        {
            var parts = Enumerable.Range(0, random.Next(2, 6)).Select(_ => Conditions[random.Next(Conditions.Length)](random));
            var filter = string.Join(" and ", parts.Distinct());
            var definition = new ScanDefinition(filter, Sorts[random.Next(Sorts.Length)], random.Next(5) != 0, random.Next(2) == 0 ? 50 : 100);
            var scan = ScanLanguage.Compile(definition);
            if (ids.Add(scan.Id))
            {
                scans.Add(scan);
            }
        }
        return scans;
    }

    private static string Pick(Random random, params string[] values) => values[random.Next(values.Length)];

    private static double Round(double value) => Math.Round(value, 3);
}
