using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;
using Tradeul.Shared.Streams;
using Tradeul.Tests.Infrastructure;

namespace Tradeul.Tests.Streams;

[Collection(RealServersCollection.Name)]
public sealed class StreamManagerBoundTests(RealServersFixture servers, Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task Two_hundred_thousand_adds_never_push_xlen_past_max_length_plus_one_radix_node()
    {
        const int maxLength = 1_000;
        const int adds = 200_000;
        const int batch = 1_000;
        var stream = RealServersFixture.NewKeyPrefix() + "bounded";
        var builder = TestHosts.Builder(servers.RedisConnectionString, [new($"Streams:{stream}:MaxLength", maxLength.ToString())]);
        builder.Services.AddStreamManager();
        using var host = builder.Build();
        var manager = host.Services.GetRequiredService<StreamManager>();
        var redis = host.Services.GetRequiredService<IConnectionMultiplexer>();
        var database = redis.GetDatabase();

        // MAXLEN ~ only drops whole radix-tree nodes, so the stream may hold up to one
        // node's worth of entries (stream-node-max-entries) beyond MaxLength.
        var nodeEntries = int.Parse((string)(await database.ExecuteAsync("CONFIG", "GET", "stream-node-max-entries"))[1]!);
        var bound = maxLength + nodeEntries;

        long maxObserved = 0;
        var fields = new NameValueEntry[] { new("price", "123.45"), new("volume", "1000") };
        for (var done = 0; done < adds; done += batch)
        {
            var pending = new Task[batch];
            var lengths = new Task<long>[batch];
            for (var i = 0; i < batch; i++)
            {
                // Pipelined: each XLEN is queued right behind its XADD on the same connection.
                pending[i] = manager.AddAsync(stream, fields);
                lengths[i] = database.StreamLengthAsync(stream);
            }
            await Task.WhenAll(pending);
            foreach (var length in await Task.WhenAll(lengths))
            {
                maxObserved = Math.Max(maxObserved, length);
            }
        }

        var final = await database.StreamLengthAsync(stream);
        output.WriteLine($"{adds} adds, MaxLength {maxLength}: max XLEN observed {maxObserved}, bound {bound}, final {final}");
        Assert.True(maxObserved <= bound, $"XLEN reached {maxObserved}, above MaxLength {maxLength} + node slack {nodeEntries}.");
        Assert.True(final >= maxLength, $"Approximate trimming must keep at least MaxLength entries; kept {final}.");
        await database.KeyDeleteAsync(stream);
    }
}
