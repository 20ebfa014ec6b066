using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Tradeul.Ingest;
using Tradeul.Ingest.Cycle;
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
    private readonly IHost _host;
    private readonly RedisServer _redis;
    private readonly List<TimeSpan> _requestTimes = [];
    private bool _started;

    private PolygonIngestHost(IHost host, RedisServer redis, PolygonTestServer server, FakeTimeProvider time)
    {
        _host = host;
        _redis = redis;
        Server = server;
        Time = time;
        Start = time.GetUtcNow();
        Outcomes = new IngestOutcomeRecorder(host.Services.GetRequiredService<IMeterFactory>());
    }

    public PolygonTestServer Server { get; }
    public FakeTimeProvider Time { get; }

    /// <summary>Where the fake clock stood when the host was built.</summary>
    public DateTimeOffset Start { get; }

    public IngestOutcomeRecorder Outcomes { get; }
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
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = redis.ConnectionString,
            ["Ingest:Provider"] = "polygon",
            ["Polygon:ApiKey"] = PolygonTestProviders.ApiKey,
            ["Polygon:BaseUrl"] = server.BaseUrl.ToString(),
        }.Concat(settings ?? []));
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new TestOutputLoggerProvider(output));
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("StackExchange", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http", LogLevel.Warning);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.AddIngestServices();
        return new PolygonIngestHost(builder.Build(), redis, server, time);
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
