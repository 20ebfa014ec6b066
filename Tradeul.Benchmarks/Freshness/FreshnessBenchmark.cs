using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Tradeul.Ingest;
using Tradeul.Ingest.Cycle;
using Tradeul.Ingest.Simulated;
using Tradeul.Ingest.Telemetry;
using Tradeul.Scanner;
using Tradeul.Tests.Infrastructure;

namespace Tradeul.Benchmarks.Freshness;

/// <summary>
/// How old a ranking change is when it reaches a trader. Ingest (in process, simulated market on
/// a fake clock moved 5 s per snapshot, cycles run every 5 s of real time), the Scanner (a real
/// web app on Kestrel with its own loop, real time) and N SSE clients (one connection each,
/// spread round-robin over the categories) on a redis-server of its own. Per delivered delta:
/// from the moment Ingest had the market snapshot (start of its "ingest.encode" span, before
/// validation and encoding) to the moment a client has parsed the event's JSON, in ms. A client
/// whose stream the server ends is counted as dropped and reconnects. Prints progress to stderr
/// and one JSON object last to stdout; bounded by --snapshots (default 24, 2 min) after --warmup (default 12, 1 min). Last on stderr, where
/// a snapshot's time went (<see cref="SpanTimeline"/>).
/// </summary>
internal static class FreshnessBenchmark
{
    private const int CycleSeconds = 5;

    public static async Task<int> RunAsync(CommandLine options)
    {
        var tickers = options.Int("tickers", 12_000);
        var clients = options.Int("clients", 1_000);
        var snapshots = options.Int("snapshots", 24);
        // The first snapshots pay for connection set-up and JIT: code that runs once per 5 s cycle is
        // still being recompiled by the tiered JIT for about a minute after start. They are not counted.
        var warmup = options.Int("warmup", 12);
        var start = SimulatedClock.NewYorkTime(new DateOnly(2026, 11, 24), new TimeOnly(10, 0));
        var ingestTime = new FakeTimeProvider(start.ToUniversalTime());

        Console.Error.WriteLine($"freshness: starting redis-server, Ingest ({tickers} tickers) and the Scanner...");
        await using var redis = await RedisServer.CreateAsync();
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = redis.ConnectionString,
            ["Simulated:Tickers"] = tickers.ToString(CultureInfo.InvariantCulture),
            ["Simulated:StartTime"] = start.ToString("O", CultureInfo.InvariantCulture),
            ["Simulated:SpeedFactor"] = "1",
            ["Scanner:ConsumerName"] = "freshness",
        };
        // Built, not started: the benchmark runs Ingest's cycles on its own schedule.
        using var ingest = Soak.ManagedPlatform.Build(settings, ingestTime, b => b.AddIngestServices());
        await ingest.Services.GetRequiredService<SimulatedReferenceData>().SeedAsync(CancellationToken.None);
        await using var scanner = await StartScannerAsync(settings);
        var baseAddress = new Uri(scanner.Urls.First());

        // Snapshot as-of (Unix ms) -> Stopwatch timestamp when Ingest had it. The fake clock stands
        // still during a cycle, so the as-of Ingest stamps on the snapshot is the clock's now.
        var hadSnapshotAt = new ConcurrentDictionary<long, long>();
        using var listener = ListenForEncodeStart(ingestTime, hadSnapshotAt);
        using var timeline = new SpanTimeline();

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = baseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var categories = await CategoriesAsync(http, ingest, ingestTime);
        Console.Error.WriteLine($"freshness: {categories.Length} categories; connecting {clients} SSE clients...");

        var recorder = new Recorder(hadSnapshotAt, timeline);
        using var stop = new CancellationTokenSource();
        var clientTasks = Enumerable.Range(0, clients)
            .Select(i => Task.Run(() => RunClientAsync(http, categories[i % categories.Length], recorder, stop.Token)))
            .ToArray();
        await WaitForAsync(() => recorder.Connected >= clients, TimeSpan.FromSeconds(120), "every client to get its full ranking");

        var rssMaxMb = 0.0;
        var process = Process.GetCurrentProcess();
        var cycle = ingest.Services.GetRequiredService<IngestCycle>();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(CycleSeconds));
        var clock = Stopwatch.StartNew();
        for (var n = 1; n <= warmup + snapshots; n++)
        {
            await timer.WaitForNextTickAsync();
            recorder.Counting = n > warmup;
            ingestTime.Advance(TimeSpan.FromSeconds(CycleSeconds));
            await cycle.RunOnceAsync(CancellationToken.None);
            if (n > warmup && hadSnapshotAt.TryGetValue(ingestTime.GetUtcNow().ToUnixTimeMilliseconds(), out var had))
            {
                timeline.SnapshotHad(had);
            }
            process.Refresh();
            rssMaxMb = Math.Max(rssMaxMb, process.WorkingSet64 / 1024.0 / 1024.0);
            var (p50, p99) = recorder.Percentiles();
            Console.Error.WriteLine(FormattableString.Invariant(
                $"freshness: snapshot {n}/{warmup + snapshots} ({(n > warmup ? "counted" : "warm-up")}) at {clock.Elapsed.TotalSeconds:F0} s; deltas {recorder.Events}, p50 {p50:F1} ms, p99 {p99:F1} ms, dropped {recorder.Dropped}, rss {rssMaxMb:F0} MB"));
        }
        // The last snapshot's deltas are still on their way: one more cycle's time for them.
        await Task.Delay(TimeSpan.FromSeconds(CycleSeconds));
        await stop.CancelAsync();
        await Task.WhenAll(clientTasks);

        var samples = recorder.Samples();
        var stats = scanner.Services.GetRequiredService<ScannerStats>().Read();
        // Stopped before it is disposed, so its loops end while their Redis connection is still there.
        await scanner.StopAsync();
        var chartPath = Path.GetFullPath($"freshness-{tickers}-{clients}.png");
        FreshnessChart.Write(chartPath, samples, tickers, clients);
        if (recorder.Unmatched > 0)
        {
            Console.Error.WriteLine($"freshness: {recorder.Unmatched} deltas named a snapshot as-of Ingest never had; they are not in the figures.");
        }
        var (parseMicroseconds, deltaBytes) = recorder.ClientMedians();
        Console.Error.WriteLine(FormattableString.Invariant(
            $"freshness: a counted delta is {deltaBytes:F0} bytes of JSON (p50) and takes a client {parseMicroseconds:F0} µs to parse (p50)."));
        Console.Error.Write($"freshness: where a snapshot's time goes (median over counted snapshots, from Ingest having it):{Environment.NewLine}{timeline.Summary(TimeSpan.FromSeconds(CycleSeconds))}");
        Console.Error.WriteLine($"freshness: done; histogram {chartPath}");
        var report = new Dictionary<string, object?>
        {
            ["scenario"] = "freshness",
            ["tickers"] = tickers,
            ["clients"] = clients,
            ["events"] = samples.Length,
            ["freshness_ms_p50"] = Math.Round(Benchmarks.Percentiles.OfSorted(samples, 0.50), 1),
            ["freshness_ms_p99"] = Math.Round(Benchmarks.Percentiles.OfSorted(samples, 0.99), 1),
            ["freshness_ms_max"] = Math.Round(samples.Length == 0 ? 0 : samples[^1], 1),
            ["scan_ms_p50"] = Math.Round(stats.ScanMsP50, 1),
            ["dropped_clients"] = recorder.Dropped,
            ["scanner_rss_mb_max"] = Math.Round(rssMaxMb, 0),
        };
        Console.WriteLine(JsonSerializer.Serialize(report));
        return 0;
    }

    /// <summary>The Scanner's categories, after one snapshot has been scanned so they all exist.</summary>
    private static async Task<string[]> CategoriesAsync(HttpClient http, IHost ingest, FakeTimeProvider ingestTime)
    {
        ingestTime.Advance(TimeSpan.FromSeconds(CycleSeconds));
        await ingest.Services.GetRequiredService<IngestCycle>().RunOnceAsync(CancellationToken.None);
        string[] names = [];
        await WaitForAsync(() =>
        {
            using var document = JsonDocument.Parse(http.GetStringAsync("/api/categories").GetAwaiter().GetResult());
            names = [.. document.RootElement.EnumerateArray().Select(e => e.GetProperty("name").GetString()!)];
            return names.Length > 0;
        }, TimeSpan.FromSeconds(60), "the first rankings");
        return names;
    }

    private static async Task RunClientAsync(HttpClient http, string category, Recorder recorder, CancellationToken stop)
    {
        var first = true;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var response = await http.GetAsync($"/api/categories/{category}/stream", HttpCompletionOption.ResponseHeadersRead, stop);
                response.EnsureSuccessStatusCode();
                // Lines are cut and parsed as the UTF-8 bytes they arrive in, as a browser's EventSource
                // and JSON.parse do natively: decoding to UTF-16 first cost the clients, which share the
                // Scanner's two cores, about a third of their time.
                var reader = PipeReader.Create(await response.Content.ReadAsStreamAsync(stop));
                while (true)
                {
                    var read = await reader.ReadAsync(stop);
                    var buffer = read.Buffer;
                    while (buffer.PositionOf((byte)'\n') is { } end)
                    {
                        var line = buffer.Slice(0, end);
                        buffer = buffer.Slice(buffer.GetPosition(1, end));
                        if (!new SequenceReader<byte>(line).IsNext(DataPrefix))
                        {
                            continue;
                        }
                        var json = line.Slice(DataPrefix.Length);
                        var parseStarted = Stopwatch.GetTimestamp();
                        using var document = JsonDocument.Parse(json);
                        var root = document.RootElement;
                        var parsedAt = Stopwatch.GetTimestamp();
                        if (root.TryGetProperty("ops", out _))
                        {
                            recorder.Delta(root.GetProperty("as_of").GetDateTimeOffset().ToUnixTimeMilliseconds(), parsedAt,
                                Stopwatch.GetElapsedTime(parseStarted, parsedAt).TotalMicroseconds, json.Length);
                        }
                        else if (first)
                        {
                            first = false;
                            recorder.Connect();
                        }
                    }
                    reader.AdvanceTo(buffer.Start, buffer.End);
                    if (read.IsCompleted)
                    {
                        break;
                    }
                }
                await reader.CompleteAsync();
                // The server ended the stream while the benchmark still runs: this client was cut off.
                if (!stop.IsCancellationRequested)
                {
                    recorder.Drop();
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                recorder.Drop();
                Console.Error.WriteLine($"freshness: client of {category} lost its stream ({ex.GetType().Name}: {ex.Message}); reconnecting.");
            }
        }
    }

    private static ReadOnlySpan<byte> DataPrefix => "data: "u8;

    private static ActivityListener ListenForEncodeStart(TimeProvider ingestTime, ConcurrentDictionary<long, long> hadSnapshotAt)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == IngestTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStarted = activity =>
            {
                if (activity.OperationName == "ingest.encode")
                {
                    hadSnapshotAt[ingestTime.GetUtcNow().ToUnixTimeMilliseconds()] = Stopwatch.GetTimestamp();
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    private static async Task<WebApplication> StartScannerAsync(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Freshness" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.AddServiceDefaults();
        builder.AddScannerServices();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapScannerEndpoints();
        await app.StartAsync();
        return app;
    }

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan deadline, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > deadline)
            {
                throw new TimeoutException($"Gave up after {deadline.TotalSeconds:F0} s waiting for {what}.");
            }
            await Task.Delay(100);
        }
    }


    /// <summary>What every client saw: freshness per counted delta (ms), connections, drops.</summary>
    private sealed class Recorder(ConcurrentDictionary<long, long> hadSnapshotAt, SpanTimeline timeline)
    {
        private readonly Lock _gate = new();
        private readonly List<double> _freshness = [];
        private readonly List<double> _parseMicroseconds = [];
        private readonly List<long> _bytes = [];
        private int _connected;
        private int _dropped;
        private long _unmatched;

        public volatile bool Counting;
        public int Connected => Volatile.Read(ref _connected);
        public int Dropped => Volatile.Read(ref _dropped);
        public long Unmatched => Interlocked.Read(ref _unmatched);

        public int Events
        {
            get { lock (_gate) { return _freshness.Count; } }
        }

        public void Connect() => Interlocked.Increment(ref _connected);

        public void Drop() => Interlocked.Increment(ref _dropped);

        /// <param name="parseMicroseconds">How long the client's JSON parse of this delta took (µs).</param>
        /// <param name="bytes">The delta's JSON (bytes, UTF-8).</param>
        public void Delta(long asOfMs, long parsedAt, double parseMicroseconds, long bytes)
        {
            if (!Counting)
            {
                return;
            }
            if (!hadSnapshotAt.TryGetValue(asOfMs, out var had))
            {
                Interlocked.Increment(ref _unmatched);
                return;
            }
            timeline.Mark("client.parsed", parsedAt);
            var milliseconds = Stopwatch.GetElapsedTime(had, parsedAt).TotalMilliseconds;
            lock (_gate)
            {
                _freshness.Add(milliseconds);
                _parseMicroseconds.Add(parseMicroseconds);
                _bytes.Add(bytes);
            }
        }

        /// <summary>Median JSON parse time of a counted delta on a client (µs) and median delta size (bytes).</summary>
        public (double ParseMicroseconds, double Bytes) ClientMedians()
        {
            lock (_gate)
            {
                var parse = _parseMicroseconds.Order().ToArray();
                var bytes = _bytes.Order().Select(b => (double)b).ToArray();
                return (Benchmarks.Percentiles.OfSorted(parse, 0.5), Benchmarks.Percentiles.OfSorted(bytes, 0.5));
            }
        }

        public double[] Samples()
        {
            lock (_gate)
            {
                var sorted = _freshness.ToArray();
                Array.Sort(sorted);
                return sorted;
            }
        }

        public (double P50, double P99) Percentiles()
        {
            var sorted = Samples();
            return (Benchmarks.Percentiles.OfSorted(sorted, 0.50), Benchmarks.Percentiles.OfSorted(sorted, 0.99));
        }
    }
}
