using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using Tradeul.Ingest;
using Tradeul.Ingest.Cycle;
using Tradeul.Ingest.Simulated;
using Tradeul.Scanner;
using Tradeul.Scanner.Cycle;
using Tradeul.Scanner.Enrichment;
using Tradeul.Shared.Hosting;
using Tradeul.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tradeul.Tests.HotPath;

/// <summary>
/// Ingest and Scanner wired exactly as their services wire them, on a redis-server of the
/// test's own (these services use fixed key names) and one fake clock. Ingest's host is
/// built but not started: the test runs its cycles. The Scanner runs as a real web app on
/// Kestrel for its HTTP API; its loop parks on the fake clock after its first poll, and the
/// test drives further cycles itself, so every step is deterministic.
/// </summary>
internal sealed class HotPathHarness : IAsyncDisposable
{
    private IHost _ingest;
    private WebApplication _scanner;
    private readonly Dictionary<string, string?> _settings;
    private readonly Dictionary<string, string?> _ingestSettings;
    private readonly ITestOutputHelper _output;
    private readonly List<WebApplication> _extraScanners = [];

    private HotPathHarness(RedisServer redis, FakeTimeProvider time, IHost ingest, WebApplication scanner, Dictionary<string, string?> settings,
        Dictionary<string, string?> ingestSettings, ITestOutputHelper output)
    {
        _settings = settings;
        _ingestSettings = ingestSettings;
        _output = output;
        Redis = redis;
        Time = time;
        _ingest = ingest;
        _scanner = scanner;
        Http = new HttpClient { BaseAddress = new Uri(scanner.Urls.First()) };
    }

    public RedisServer Redis { get; }
    public FakeTimeProvider Time { get; }
    public HttpClient Http { get; }
    public IServiceProvider IngestServices => _ingest.Services;
    public IServiceProvider ScannerServices => _scanner.Services;
    public IDatabase Database => _scanner.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
    public IngestCycle Ingest => _ingest.Services.GetRequiredService<IngestCycle>();
    public ScannerCycle Scanner => _scanner.Services.GetRequiredService<ScannerCycle>();

    /// <param name="marketStart">New York market time the simulated clock starts at.</param>
    /// <param name="redisArguments">Extra redis-server options, e.g. an AOF or a maxmemory.</param>
    /// <param name="settings">Configuration for both services (e.g. the Redis client's timeouts).</param>
    /// <param name="seedReferenceData">Seed metadata and RVOL baselines before the Scanner starts; false plays a Scanner that starts first (see <see cref="SeedReferenceDataAsync"/>).</param>
    public static async Task<HotPathHarness> StartAsync(ITestOutputHelper output, DateTimeOffset marketStart, int tickers = 12_000,
        IEnumerable<KeyValuePair<string, string?>>? scannerSettings = null, string[]? redisArguments = null,
        IEnumerable<KeyValuePair<string, string?>>? settings = null, bool seedReferenceData = true)
    {
        var redis = await RedisServer.CreateAsync(redisArguments ?? []);
        var time = new FakeTimeProvider(marketStart);
        var common = new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = redis.ConnectionString,
            ["Simulated:Tickers"] = tickers.ToString(CultureInfo.InvariantCulture),
            ["Simulated:StartTime"] = marketStart.ToString("O", CultureInfo.InvariantCulture),
            ["Simulated:SpeedFactor"] = "1",
            ["Scanner:ConsumerName"] = "scanner-under-test",
            // The loops must not wake when a test moves the clock: the test drives every cycle.
            ["Scanner:PollInterval"] = "30.00:00:00",
            // A blocking read would wake on Redis, not on the clock: off unless a test asks for it.
            ["Scanner:ReadBlock"] = "00:00:00",
            ["Scanner:EnrichmentRefreshInterval"] = "30.00:00:00",
        };
        foreach (var (key, value) in settings ?? [])
        {
            common[key] = value;
        }

        var ingest = BuildIngest(common, time, output);
        // Only the simulated market has reference data of its own; a Polygon-fed test brings its own.
        if (seedReferenceData && ingest.Services.GetService<SimulatedReferenceData>() is { } referenceData)
        {
            await referenceData.SeedAsync(CancellationToken.None);
        }

        var scannerConfiguration = new Dictionary<string, string?>(common);
        foreach (var (key, value) in scannerSettings ?? [])
        {
            scannerConfiguration[key] = value;
        }
        var scanner = await StartScannerAsync(scannerConfiguration, time, output);
        return new HotPathHarness(redis, time, ingest, scanner, scannerConfiguration, common, output);
    }

    private static IHost BuildIngest(Dictionary<string, string?> settings, FakeTimeProvider time, ITestOutputHelper output)
    {
        var ingestBuilder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        ingestBuilder.Configuration.AddInMemoryCollection(settings);
        Quiet(ingestBuilder.Logging, output);
        ingestBuilder.Services.AddSingleton<TimeProvider>(time);
        ingestBuilder.AddIngestServices();
        return ingestBuilder.Build();
    }

    /// <summary>
    /// A new Ingest host on the same Redis, clock and settings takes the place of the current
    /// one, as a restarted service would (a simulated market starts again at its StartTime).
    /// <paramref name="graceful"/>: the old host's services are stopped first in the order its
    /// host would stop them (it was never started: the test drives its cycles); otherwise it
    /// is dropped the way a crash drops it, with nothing written at shutdown.
    /// </summary>
    public async Task RestartIngestAsync(bool graceful)
    {
        if (graceful)
        {
            foreach (var service in _ingest.Services.GetServices<IHostedService>().Reverse())
            {
                await service.StopAsync(CancellationToken.None);
            }
        }
        _ingest.Dispose();
        _ingest = BuildIngest(_ingestSettings, Time, _output);
    }

    /// <summary>
    /// Another Scanner replica on the same Redis and clock, as a second pod would be: same
    /// consumer group, its own consumer name. Its loop parks after its first poll like the
    /// first one's; the test drives its cycles. Stopped with the harness.
    /// </summary>
    public async Task<IServiceProvider> StartAnotherScannerAsync(string consumerName)
    {
        var configuration = new Dictionary<string, string?>(_settings) { ["Scanner:ConsumerName"] = consumerName };
        var scanner = await StartScannerAsync(configuration, Time, _output);
        _extraScanners.Add(scanner);
        return scanner.Services;
    }

    /// <summary>
    /// Stops the Scanner and starts a new one on the same address, Redis, clock and settings,
    /// as a restarted service would be: its live rankings are empty until its first cycle.
    /// </summary>
    public async Task RestartScannerAsync()
    {
        var url = _scanner.Urls.First();
        await _scanner.StopAsync();
        await _scanner.DisposeAsync();
        _scanner = await StartScannerAsync(_settings, Time, _output, url);
    }

    private static async Task<WebApplication> StartScannerAsync(Dictionary<string, string?> configuration, FakeTimeProvider time, ITestOutputHelper output,
        string url = "http://127.0.0.1:0")
    {
        var scannerBuilder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        scannerBuilder.WebHost.UseUrls(url);
        scannerBuilder.Configuration.AddInMemoryCollection(configuration);
        Quiet(scannerBuilder.Logging, output);
        scannerBuilder.AddServiceDefaults();
        scannerBuilder.Services.AddSingleton<TimeProvider>(time);
        scannerBuilder.AddScannerServices();
        scannerBuilder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time));
        var scanner = scannerBuilder.Build();
        scanner.MapDefaultEndpoints();
        scanner.MapScannerEndpoints();
        await scanner.StartAsync();

        // Both loops take their first turn at start; after that they wait on the fake clock
        // (a Scanner asked to block on Redis reads again at once: its first turn is enough).
        var monitor = scanner.Services.GetRequiredService<LoopMonitor>();
        var blocking = scanner.Services.GetRequiredService<IOptions<ScannerOptions>>().Value.ReadBlock > TimeSpan.Zero;
        await Eventually.Until(() =>
            (monitor.Find(ScannerLoop.LoopName) is { State: LoopState.Waiting } || (blocking && monitor.Find(ScannerLoop.LoopName) is { Iterations: > 0 })) &&
            monitor.Find(EnrichmentRefreshLoop.LoopName) is { State: LoopState.Waiting }, "the scanner loops to park");
        return scanner;
    }

    /// <summary>Writes the simulated tickers' metadata and RVOL baselines, as Ingest does when it starts.</summary>
    public Task<int> SeedReferenceDataAsync() => _ingest.Services.GetRequiredService<SimulatedReferenceData>().SeedAsync(CancellationToken.None);

    /// <summary>Moves market time forward, then runs one Ingest cycle and one Scanner cycle.</summary>
    public async Task<long> CycleAsync(TimeSpan advance)
    {
        Time.Advance(advance);
        var sequence = await Ingest.RunOnceAsync(CancellationToken.None);
        Assert.True(await Scanner.RunOnceAsync(CancellationToken.None), "the scanner found no snapshot");
        return sequence;
    }

    public ScannerStats.Snapshot Stats => _scanner.Services.GetRequiredService<ScannerStats>().Read();

    public IngestStats.Snapshot IngestStats => _ingest.Services.GetRequiredService<IngestStats>().Read();

    private static void Quiet(ILoggingBuilder logging, ITestOutputHelper output)
    {
        logging.ClearProviders();
        logging.AddProvider(new TestOutputLoggerProvider(output));
        logging.AddFilter("Polly", LogLevel.Warning);
        logging.AddFilter("Microsoft", LogLevel.Warning);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        foreach (var extra in _extraScanners)
        {
            await extra.StopAsync();
            await extra.DisposeAsync();
        }
        await _scanner.StopAsync();
        await _scanner.DisposeAsync();
        _ingest.Dispose();
        await Redis.DisposeAsync();
    }
}
