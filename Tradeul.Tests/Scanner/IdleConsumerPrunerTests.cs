using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;
using Tradeul.Scanner;
using Tradeul.Scanner.Consuming;
using Tradeul.Tests.Infrastructure;

namespace Tradeul.Tests.Scanner;

/// <summary>The consumer list of the Scanner's group stays bounded across restarts (real Redis).</summary>
[Collection(RealServersCollection.Name)]
public sealed class IdleConsumerPrunerTests(RealServersFixture servers)
{
    private const string Group = "scanner";

    [Fact]
    public async Task Idle_consumers_with_nothing_pending_are_deleted_and_the_others_kept()
    {
        var builder = TestHosts.Builder(servers.RedisConnectionString, [new("Scanner:ConsumerIdleLimit", "00:00:00.200")]);
        builder.AddScannerServices();
        using var host = builder.Build();
        var database = host.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var stream = (RedisKey)(RealServersFixture.NewKeyPrefix() + "snapshots:raw");
        await database.StreamCreateConsumerGroupAsync(stream, Group, "0-0", createStream: true);
        await database.StreamAddAsync(stream, "v", "1");
        await database.StreamAddAsync(stream, "v", "2");
        await database.StreamAddAsync(stream, "v", "3");

        // An earlier Scanner that read and acknowledged (gone), one that died holding an entry, and this one.
        var read = await database.StreamReadGroupAsync(stream, Group, "host-101", ">", 1);
        await database.StreamAcknowledgeAsync(stream, Group, read[0].Id);
        await database.StreamReadGroupAsync(stream, Group, "host-102", ">", 1);
        var own = await database.StreamReadGroupAsync(stream, Group, "host-103", ">", 1);
        await database.StreamAcknowledgeAsync(stream, Group, own[0].Id);
        await Eventually.Until(
            () => database.StreamConsumerInfoAsync(stream, Group),
            consumers => consumers.All(c => c.IdleTimeInMilliseconds >= 200),
            "every consumer to be idle past the limit", TimeSpan.FromSeconds(10));

        var pruner = host.Services.GetRequiredService<IdleConsumerPruner>();
        var deleted = await pruner.PruneAsync(stream, Group, self: "host-103", CancellationToken.None);

        Assert.Equal(["host-101"], deleted);
        var left = (await database.StreamConsumerInfoAsync(stream, Group)).Select(c => c.Name.ToString()).Order().ToList();
        Assert.Equal(["host-102", "host-103"], left); // pending kept until claimed; self kept though idle and empty
        var stats = host.Services.GetRequiredService<ScannerStats>().Read();
        Assert.Equal(2, stats.Consumers);
        Assert.Equal(1, stats.ConsumersDeleted);
        Assert.Empty(await pruner.PruneAsync(stream, Group, self: "host-103", CancellationToken.None));
    }

    [Fact]
    public void A_non_positive_idle_limit_is_refused_at_start_with_the_setting_named()
    {
        var result = new ScannerOptionsValidator().Validate(null, new ScannerOptions { ConsumerIdleLimit = TimeSpan.Zero });

        Assert.True(result.Failed);
        Assert.Contains("Scanner:ConsumerIdleLimit", result.FailureMessage);
    }
}
