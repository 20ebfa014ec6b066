using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using Tradeul.Ingest;
using Tradeul.Ingest.Cycle;
using Tradeul.Ingest.Simulated;
using Tradeul.Shared.Market;
using Tradeul.Shared.Redis;
using Tradeul.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tradeul.Tests.Ingest.Simulated;

/// <summary>
/// Ingest on the simulated market, restarted on a Sunday over a <c>snapshots:raw</c> stream on a
/// real redis-server (a server of its own: the stream has a fixed key name). Before issue 11 every
/// such restart replayed Friday from 09:25, so as_of jumped back while sequences went on.
/// </summary>
public sealed class SimulatedDayResumeTests(ITestOutputHelper output)
{
    private static readonly DateOnly Friday = new(2026, 11, 20);
    private static readonly DateTimeOffset SundayNoon = SimulatedClock.NewYorkTime(new DateOnly(2026, 11, 22), new TimeOnly(12, 0));
    private static readonly DateTimeOffset FridayDefaultStart = SimulatedClock.NewYorkTime(Friday, new TimeOnly(9, 25));

    [Fact]
    public async Task A_restart_on_a_sunday_resumes_where_the_last_snapshot_left_the_day()
    {
        var stored = SimulatedClock.NewYorkTime(Friday, new TimeOnly(11, 42));
        await using var redis = await RedisServer.CreateAsync();
        using var ingest = Build(redis, out var time);
        await AddRawEntryAsync(redis, sequence: 77, stored.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        var market = ingest.Services.GetRequiredService<SimulatedMarket>();
        Assert.Equal(FridayDefaultStart, market.Clock.Start);   // what every restart used to replay

        await RunStartupTasksAsync(ingest);
        Assert.Equal(stored, market.Clock.Start);

        time.Advance(TimeSpan.FromSeconds(5));
        var sequence = await ingest.Services.GetRequiredService<IngestCycle>().RunOnceAsync(CancellationToken.None);
        Assert.Equal(78, sequence);
        var asOf = await NewestAsOfAsync(redis);
        Assert.True(asOf >= stored, $"as_of {asOf:O} is earlier than the stored {stored:O}");
        Assert.Equal(stored.AddSeconds(5), asOf);
        Assert.Equal(MarketSession.MarketOpen, MarketCalendar.SessionAt(asOf));
    }

    [Fact]
    public async Task An_older_stream_leaves_the_default_start()
    {
        await using var redis = await RedisServer.CreateAsync();
        using var ingest = Build(redis, out _);
        var thursday = SimulatedClock.NewYorkTime(Friday.AddDays(-1), new TimeOnly(15, 0));
        await AddRawEntryAsync(redis, sequence: 5, thursday.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));

        await RunStartupTasksAsync(ingest);

        Assert.Equal(FridayDefaultStart, ingest.Services.GetRequiredService<SimulatedMarket>().Clock.Start);
    }

    [Fact]
    public async Task A_configured_start_time_is_kept()
    {
        await using var redis = await RedisServer.CreateAsync();
        var configured = SimulatedClock.NewYorkTime(Friday, new TimeOnly(8, 0));
        using var ingest = Build(redis, out _, configured);
        await AddRawEntryAsync(redis, sequence: 9, SimulatedClock.NewYorkTime(Friday, new TimeOnly(11, 42)).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));

        await RunStartupTasksAsync(ingest);

        Assert.Equal(configured, ingest.Services.GetRequiredService<SimulatedMarket>().Clock.Start);
    }

    [Fact]
    public async Task An_unreadable_as_of_leaves_the_default_start()
    {
        await using var redis = await RedisServer.CreateAsync();
        using var ingest = Build(redis, out _);
        await AddRawEntryAsync(redis, sequence: 3, "not-a-time");

        await RunStartupTasksAsync(ingest);

        Assert.Equal(FridayDefaultStart, ingest.Services.GetRequiredService<SimulatedMarket>().Clock.Start);
    }

    /// <summary>Ingest wired as its service wires it, not started: the test runs what its loop would.</summary>
    private IHost Build(RedisServer redis, out FakeTimeProvider time, DateTimeOffset? startTime = null)
    {
        time = new FakeTimeProvider(SundayNoon);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = redis.ConnectionString,
            ["Simulated:Tickers"] = "300",
            ["Simulated:StartTime"] = startTime?.ToString("O", CultureInfo.InvariantCulture),
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new TestOutputLoggerProvider(output));
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.AddIngestServices();
        builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time));
        return builder.Build();
    }

    /// <summary>What IngestLoop does before its first cycle.</summary>
    private static async Task RunStartupTasksAsync(IHost ingest)
    {
        var tasks = ingest.Services.GetServices<IIngestStartupTask>().ToArray();
        Assert.Contains(tasks, t => t is SimulatedDayResume);
        foreach (var task in tasks)
        {
            await task.RunAsync(CancellationToken.None);
        }
    }

    private static async Task AddRawEntryAsync(RedisServer redis, long sequence, string asOf)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        await connection.GetDatabase().StreamAddAsync(RedisKeys.RawSnapshots,
        [
            new(RawSnapshotFormat.VersionField, RawSnapshotFormat.Version),
            new(RawSnapshotFormat.SequenceField, sequence),
            new(RawSnapshotFormat.AsOfField, asOf),
            new(RawSnapshotFormat.RowsField, 0),
            new(RawSnapshotFormat.DataField, Array.Empty<byte>()),
        ]);
    }

    private static async Task<DateTimeOffset> NewestAsOfAsync(RedisServer redis)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var newest = await connection.GetDatabase().StreamRangeAsync(RedisKeys.RawSnapshots, "-", "+", 1, Order.Descending);
        return DateTimeOffset.FromUnixTimeMilliseconds((long)newest.Single()[RawSnapshotFormat.AsOfField]);
    }
}
