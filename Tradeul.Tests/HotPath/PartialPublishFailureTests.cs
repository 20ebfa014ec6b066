using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Tradeul.Ingest.Simulated;
using Tradeul.Scanner.Compute;
using Tradeul.Scanner.Publishing;
using Tradeul.Scanner.Streaming;
using Tradeul.Shared.Redis;
using Tradeul.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tradeul.Tests.HotPath;

/// <summary>
/// The categories of a cycle are written side by side, each going live the moment its own save is done. One
/// category whose save fails must keep its previous state everywhere (live ranking, sequence, operations stream)
/// while the others and the filtered-complete document are written, and the failure must still reach the cycle.
/// </summary>
[Collection(RealServersCollection.Name)]
public sealed class PartialPublishFailureTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset MidMorning = SimulatedClock.NewYorkTime(new DateOnly(2026, 11, 24), new TimeOnly(10, 30));

    [Fact]
    public async Task A_category_whose_save_fails_stays_as_it_was_while_the_others_and_filtered_complete_are_written()
    {
        await using var platform = await HotPathHarness.StartAsync(output, MidMorning, tickers: 3_000);
        var hub = platform.ScannerServices.GetRequiredService<RankingHub>();
        // A full-snapshot key of the wrong type: reading its header back (GETRANGE) fails with WRONGTYPE.
        var broken = RedisKeys.SnapshotFull(RankingPublisher.SnapshotName("winners"));
        await platform.Database.ListLeftPushAsync(broken, "not a snapshot");

        platform.Time.Advance(TimeSpan.FromSeconds(5));
        await platform.Ingest.RunOnceAsync(CancellationToken.None);
        var failure = await Assert.ThrowsAsync<AggregateException>(() => platform.Scanner.RunOnceAsync(CancellationToken.None));

        var inner = Assert.Single(failure.InnerExceptions);
        Assert.IsType<RedisServerException>(inner);
        Assert.Contains("WRONGTYPE", inner.Message, StringComparison.Ordinal);
        Assert.Equal(0, hub.Current("winners")!.Sequence);
        Assert.Empty(hub.Current("winners")!.Rows!);
        foreach (var category in ScanCategories.All.Where(c => c.Name != "winners"))
        {
            Assert.Equal(1, hub.Current(category.Name)!.Sequence);
        }
        Assert.True(hub.Current("gappers_up")!.Rows!.Length > 0, "the other categories went live with rows");
        var operations = await platform.Database.StreamRangeAsync(RedisKeys.RankingDeltas);
        Assert.NotEmpty(operations);
        Assert.DoesNotContain(operations, e => e["category"] == "winners");
        Assert.True(await platform.Database.KeyExistsAsync(RedisKeys.FilteredComplete("MARKET_OPEN")), "filtered_complete was written despite the failed category");

        // Repaired, the next cycle saves winners from scratch and it goes live; the others move on by one.
        await platform.Database.KeyDeleteAsync(broken);
        await platform.CycleAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, hub.Current("winners")!.Sequence);
        Assert.NotEmpty(hub.Current("winners")!.Rows!);
        Assert.Equal(2, hub.Current("gappers_up")!.Sequence);
    }
}
