using Tradeul.Ingest.Simulated;
using Tradeul.Scanner;
using Tradeul.Tests.HotPath;
using Tradeul.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tradeul.Tests.Scanner;

/// <summary>
/// The Scanner's loop waits on Redis (XREADGROUP BLOCK on a connection of its own), not on a
/// poll timer: a snapshot Ingest adds is read and scanned by the running loop while the fake
/// clock stands still. A polling Scanner (ReadBlock 0) would not read it before its next
/// PollInterval, which on the fake clock never comes.
/// </summary>
[Collection(RealServersCollection.Name)]
public sealed class BlockingReadTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset MidMorning = SimulatedClock.NewYorkTime(new DateOnly(2026, 11, 24), new TimeOnly(10, 30));

    [Fact]
    public async Task A_new_snapshot_is_read_by_the_running_loop_without_the_clock_moving()
    {
        await using var platform = await HotPathHarness.StartAsync(output, MidMorning, tickers: 200,
            settings: [new("Scanner:ReadBlock", "00:00:00.500")]);
        var clockBefore = platform.Time.GetUtcNow();
        Assert.Equal(0, platform.Stats.Cycles);

        var first = await platform.Ingest.RunOnceAsync(CancellationToken.None);
        await Eventually.Until(() => platform.Stats.LastSnapshotSequence == first, "the loop to scan the first snapshot by itself");
        var second = await platform.Ingest.RunOnceAsync(CancellationToken.None);
        await Eventually.Until(() => platform.Stats.LastSnapshotSequence == second, "the loop to scan the second snapshot by itself");

        Assert.Equal(clockBefore, platform.Time.GetUtcNow());
        var stats = platform.Stats;
        Assert.Equal((2, 0, 0L), (stats.Cycles, stats.FailedCycles, stats.StaleSkipped));
        Assert.Equal(200, stats.TickersIn);
    }

    [Theory]
    [InlineData("-00:00:00.001")]
    [InlineData("00:01:00.001")]
    [InlineData("00:00:00.0005")]
    public void A_read_block_outside_whole_milliseconds_from_0_to_60_s_is_refused_with_the_setting_named(string readBlock)
    {
        var result = new ScannerOptionsValidator().Validate(null, new ScannerOptions { ReadBlock = TimeSpan.Parse(readBlock, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.True(result.Failed);
        Assert.Contains("Scanner:ReadBlock", result.FailureMessage);
    }
}
