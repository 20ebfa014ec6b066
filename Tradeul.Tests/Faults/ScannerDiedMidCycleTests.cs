using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Tradeul.Ingest.Simulated;
using Tradeul.Scanner;
using Tradeul.Scanner.Cycle;
using Tradeul.Scanner.Publishing;
using Tradeul.Shared.Redis;
using Tradeul.Tests.HotPath;
using Tradeul.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tradeul.Tests.Faults;

[Collection(RealServersCollection.Name)]
public sealed class ScannerDiedMidCycleTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset MidMorning = SimulatedClock.NewYorkTime(new DateOnly(2026, 11, 24), new TimeOnly(10, 30));
    private const string Group = "scanner";

    [Fact]
    public async Task Entries_a_real_scanner_and_a_raw_consumer_took_and_never_acknowledged_are_claimed_and_the_newest_is_scanned()
    {
        await using var platform = await HotPathHarness.StartAsync(output, MidMorning, tickers: 300,
            scannerSettings: [new("Scanner:ClaimMinIdle", "00:00:00.001")]);
        // A second replica, started before there is anything to read, so its first poll finds nothing.
        var doomed = await platform.StartAnotherScannerAsync("scanner-that-crashes");
        var doomedCycle = doomed.GetRequiredService<ScannerCycle>();
        var doomedStats = doomed.GetRequiredService<ScannerStats>();

        // Its publish will fail half-way: one category's full-snapshot key holds a list.
        var poisoned = RedisKeys.SnapshotFull(RankingPublisher.SnapshotName("gappers_up"));
        await platform.Database.ListLeftPushAsync(poisoned, "not a snapshot");

        platform.Time.Advance(TimeSpan.FromSeconds(5));
        var first = await platform.Ingest.RunOnceAsync(CancellationToken.None);
        var error = await Assert.ThrowsAsync<AggregateException>(() => doomedCycle.RunOnceAsync(CancellationToken.None));
        Assert.Contains(error.InnerExceptions, e => e is RedisServerException && e.Message.StartsWith("WRONGTYPE", StringComparison.Ordinal));
        Assert.Equal((0, 1), (doomedStats.Read().Cycles, doomedStats.Read().FailedCycles));

        // A raw consumer takes the next one and dies before acknowledging it.
        platform.Time.Advance(TimeSpan.FromSeconds(5));
        var second = await platform.Ingest.RunOnceAsync(CancellationToken.None);
        var taken = await platform.Database.StreamReadGroupAsync(RedisKeys.RawSnapshots, Group, "scanner-that-died", ">", 10);
        Assert.Single(taken);

        var pending = await platform.Database.StreamPendingAsync(RedisKeys.RawSnapshots, Group);
        Assert.Equal(2, pending.PendingMessageCount);
        Assert.Equal(["scanner-that-crashes", "scanner-that-died"], pending.Consumers.Select(c => (string)c.Name!).Order());
        var crashedEntry = (await platform.Database.StreamPendingMessagesAsync(RedisKeys.RawSnapshots, Group, 10, "scanner-that-crashes")).Single();
        Assert.Equal(first, SequenceOf(await platform.Database.StreamRangeAsync(RedisKeys.RawSnapshots, crashedEntry.MessageId, crashedEntry.MessageId)));

        // The crashed replica never comes back; the key it tripped over is repaired.
        await platform.Database.KeyDeleteAsync(poisoned);
        // Redis measures idle time on its own clock; give it more than ClaimMinIdle.
        await Task.Delay(20);
        // The claim pass runs every ClaimInterval (30 s) of the scanner's clock.
        platform.Time.Advance(TimeSpan.FromSeconds(31));
        Assert.True(await platform.Scanner.RunOnceAsync(CancellationToken.None));

        var stats = platform.Stats;
        Assert.Equal(2, stats.Claimed);
        Assert.Equal(1, stats.StaleSkipped);
        Assert.Equal(1, stats.Cycles);
        Assert.Equal(0, stats.FailedCycles);
        Assert.Equal(second, stats.LastSnapshotSequence);
        Assert.Equal(0, (await platform.Database.StreamPendingAsync(RedisKeys.RawSnapshots, Group)).PendingMessageCount);
        Assert.Equal(RedisType.String, await platform.Database.KeyTypeAsync(poisoned));
        Assert.False(await platform.Scanner.RunOnceAsync(CancellationToken.None));
    }

    private static long SequenceOf(StreamEntry[] entries) => (long)Assert.Single(entries)[Tradeul.Shared.Market.RawSnapshotFormat.SequenceField];
}
