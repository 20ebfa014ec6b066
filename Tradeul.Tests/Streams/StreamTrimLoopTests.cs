using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using Tradeul.Shared.Hosting;
using Tradeul.Shared.Streams;
using Tradeul.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tradeul.Tests.Streams;

[Collection(RealServersCollection.Name)]
public sealed class StreamTrimLoopTests(RealServersFixture servers, ITestOutputHelper output)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private static KeyValuePair<string, string?>[] Limits(string stream) =>
    [
        new($"Streams:{stream}:MaxLength", "100"),
        new($"Streams:{stream}:TrimThreshold", "150"),
        new($"Streams:{stream}:TrimInterval", Interval.ToString()),
    ];

    [Fact]
    public async Task A_stream_filled_past_the_threshold_by_raw_xadd_is_trimmed_within_one_interval()
    {
        var stream = RealServersFixture.NewKeyPrefix() + "raw";
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-23T14:30:00Z"));
        var builder = TestHosts.Builder(servers.RedisConnectionString, Limits(stream), time, output);
        builder.Services.AddStreamManager();
        using var host = builder.Build();
        await host.StartAsync();
        var loop = await WaitForWaitingAsync(host, stream, iterations: 1);

        var database = host.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        for (var i = 0; i < 500; i++)
        {
            await database.StreamAddAsync(stream, "n", i); // no MAXLEN: what a careless writer does
        }
        Assert.Equal(500, await database.StreamLengthAsync(stream));

        time.Advance(Interval);
        await WaitForWaitingAsync(host, stream, iterations: 2);

        Assert.Equal(100, await database.StreamLengthAsync(stream));
        Assert.Equal(0, loop.ConsecutiveFailures);
        await host.StopAsync();
        Assert.Equal(LoopState.Stopped, loop.State);
    }

    [Fact]
    public async Task The_trim_loop_survives_redis_going_away_and_trims_again_when_it_is_back()
    {
        await UnobservedExceptions.AssertNoneAsync(TrimLoopThroughAnOutageAsync);
    }

    private async Task TrimLoopThroughAnOutageAsync()
    {
        await using var redis = await RedisServer.CreateAsync();
        var stream = RealServersFixture.NewKeyPrefix() + "outage";
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-23T14:30:00Z"));
        var builder = TestHosts.Builder(redis.ConnectionString, Limits(stream), time, output);
        builder.Services.AddStreamManager();
        using (var host = builder.Build())
        {
            await host.StartAsync();
            var loop = await WaitForWaitingAsync(host, stream, iterations: 1);
            var database = host.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();

            await redis.KillAsync();
            time.Advance(Interval);
            await WaitForWaitingAsync(host, stream, iterations: 2);
            Assert.True(loop.Failures >= 1, "The check while Redis was down should have failed and been counted.");
            Assert.NotNull(loop.LastError);

            await redis.StartAsync();
            await Eventually.Until(async () => { await database.PingAsync(); return true; }, ok => ok, "the client to reconnect");
            for (var i = 0; i < 400; i++)
            {
                await database.StreamAddAsync(stream, "n", i);
            }

            // Each further interval is one more check; the first after the reconnect trims.
            await Eventually.Until(async () =>
            {
                var before = loop.Iterations;
                time.Advance(Interval);
                await WaitForWaitingAsync(host, stream, before + 1);
                return await database.StreamLengthAsync(stream);
            }, length => length == 100, "the loop to trim after Redis came back");

            Assert.Equal(0, loop.ConsecutiveFailures);
            Assert.NotEqual(LoopState.Died, loop.State);
            await host.StopAsync();
            Assert.Equal(LoopState.Stopped, loop.State);
        }
    }

    /// <summary>Waits until the loop has finished <paramref name="iterations"/> checks and scheduled its next wait on the fake clock.</summary>
    private static async Task<LoopStatus> WaitForWaitingAsync(IHost host, string stream, long iterations)
    {
        var monitor = host.Services.GetRequiredService<LoopMonitor>();
        LoopStatus? status = null;
        await Eventually.Until(() =>
        {
            status = monitor.Find(StreamTrimService.LoopName(stream));
            return status is { State: LoopState.Waiting } && status.Iterations >= iterations;
        }, $"trim loop of {stream} to finish check {iterations}");
        return status!;
    }
}
