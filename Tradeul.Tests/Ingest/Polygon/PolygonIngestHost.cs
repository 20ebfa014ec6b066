using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using Tradeul.Ingest;
using Tradeul.Ingest.Cycle;
using Tradeul.Ingest.Telemetry;
using Tradeul.Shared.Hosting;
using Tradeul.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tradeul.Tests.Ingest.Polygon;

/// <summary>
/// Ingest wired as its service wires it (AddIngestServices, provider polygon) on a redis-server
/// of its own and a fake clock, fetching from a <see cref="PolygonTestServer"/>. Started, its
/// <see cref="IngestLoop"/> runs on the fake clock and <see cref="RunWindowAsync"/> plays out
/// its schedule; not started, the test runs cycles itself through <see cref="Cycle"/>.
/// </summary>
internal sealed class PolygonIngestHost : IAsyncDisposable
{
    private readonly Func<IHost> _build;
    private readonly RedisServer _redis;
    private IHost _host;
    private readonly List<TimeSpan> _requestTimes = [];
    private bool _started;

    private PolygonIngestHost(Func<IHost> build, RedisServer redis, PolygonTestServer server, FakeTimeProvider time, RecordedWarnings warnings)
    {
        Warnings = warnings;
        _build = build;
        _host = build();
        _redis = redis;
        Server = server;
        Time = time;
        Start = time.GetUtcNow();
        Outcomes = IngestOutcomes(_host.Services);
    }

    public PolygonTestServer Server { get; }

    /// <summary>Warnings every Ingest process of this host logged (restarts included).</summary>
    public RecordedWarnings Warnings { get; }
    public FakeTimeProvider Time { get; }

    /// <summary>Where the fake clock stood when the host was built.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>Cycle outcomes of the current host (a restart starts a new recorder).</summary>
    public CounterRecorder Outcomes { get; private set; }

    /// <summary>Counts <c>tradeul.ingest.cycles</c> of one Ingest process; read with <c>CountsBy("outcome")</c>.</summary>
    public static CounterRecorder IngestOutcomes(IServiceProvider ingest) =>
        new(ingest.GetRequiredService<IMeterFactory>(), IngestTelemetry.Name, "tradeul.ingest.cycles");

    public IDatabase Database => _host.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
    public IngestCycle Cycle => _host.Services.GetRequiredService<IngestCycle>();
    public IngestStats.Snapshot Stats => _host.Services.GetRequiredService<IngestStats>().Read();
    public LoopStatus Loop => _host.Services.GetRequiredService<LoopMonitor>().Register(IngestLoop.LoopName);

    /// <summary>When each request reached the server, as time on the fake clock since <see cref="Start"/>.</summary>
    public IReadOnlyList<TimeSpan> RequestTimes
    {
        get
        {
            lock (_requestTimes)
            {
                return [.. _requestTimes];
            }
        }
    }

    /// <summary>Sets what the server answers; every request is timed on the fake clock first.</summary>
    public void Answer(Microsoft.AspNetCore.Http.RequestDelegate respond) => Server.Respond = context =>
    {
        lock (_requestTimes)
        {
            _requestTimes.Add(Time.GetUtcNow() - Start);
        }
        return respond(context);
    };

    public static async Task<PolygonIngestHost> CreateAsync(ITestOutputHelper output, DateTimeOffset now,
        IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        var redis = await RedisServer.CreateAsync();
        var server = await PolygonTestServer.StartAsync();
        var time = new FakeTimeProvider(now);
        var warnings = new RecordedWarnings();
        return new PolygonIngestHost(() => Build(output, redis, server, time, settings, warnings), redis, server, time, warnings);
    }

    private static IHost Build(ITestOutputHelper output, RedisServer redis, PolygonTestServer server, FakeTimeProvider time,
        IEnumerable<KeyValuePair<string, string?>>? settings, RecordedWarnings warnings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = redis.ConnectionString,
            ["Ingest:Provider"] = "polygon",
            ["Polygon:ApiKey"] = PolygonTestProviders.ApiKey,
            ["Polygon:BaseUrl"] = server.BaseUrl.ToString(),
        }.Concat(settings ?? []));
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new TestOutputLoggerProvider(output, warnings));
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("StackExchange", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http", LogLevel.Warning);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.AddIngestServices();
        return builder.Build();
    }

    /// <summary>
    /// Replaces the (not started) Ingest process with a new one on the same Redis, server and
    /// clock, as a restart would: nothing in memory survives, only what is in Redis.
    /// </summary>
    public void Restart()
    {
        if (_started)
        {
            throw new InvalidOperationException("Restart is for hosts whose cycles the test runs itself.");
        }
        Outcomes.Dispose();
        _host.Dispose();
        _host = _build();
        Outcomes = IngestOutcomes(_host.Services);
    }

    /// <summary>
    /// Starts the host (its loop takes its first turn at once) and moves the fake clock to the
    /// loop's next attempt, again and again, until <paramref name="window"/> after
    /// <see cref="Start"/>; returns with the loop waiting and the clock at the window's end.
    /// Only for answers the cycle does not retry within itself (those waits would need driving).
    /// </summary>
    public async Task RunWindowAsync(TimeSpan window)
    {
        if (!_started)
        {
            await _host.StartAsync();
            _started = true;
        }
        var end = Start + window;
        var iterations = Math.Max(Loop.Iterations, 1);
        while (true)
        {
            var loop = Loop;
            await Eventually.Until(() => loop.State == LoopState.Waiting && loop.Iterations == iterations, $"ingest loop iteration {iterations} to finish");
            var next = loop.NextAttemptAt ?? throw new InvalidOperationException("The waiting loop has no next attempt.");
            if (next > end)
            {
                Time.Advance(end - Time.GetUtcNow());
                return;
            }
            Time.Advance(next - Time.GetUtcNow());
            iterations++;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Outcomes.Dispose();
        if (_started)
        {
            await _host.StopAsync();
        }
        _host.Dispose();
        await Server.DisposeAsync();
        await _redis.DisposeAsync();
    }
}
