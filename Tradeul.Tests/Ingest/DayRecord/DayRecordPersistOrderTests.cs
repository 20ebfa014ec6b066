using StackExchange.Redis;
using Tradeul.Ingest.Simulated;
using Tradeul.Shared.Market;
using Tradeul.Shared.Redis;
using Tradeul.Tests.HotPath;
using Tradeul.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tradeul.Tests.Ingest.DayRecord;

/// <summary>
/// The record of the day is written after the cycle's snapshot is published, so the write never delays a
/// snapshot; it must still be written when publishing fails, or a Redis that refuses <c>snapshots:raw</c> for a
/// while would leave the day's highs, lows and VWAP unwritten until shutdown.
/// </summary>
[Collection(RealServersCollection.Name)]
public sealed class DayRecordPersistOrderTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset MidMorning = SimulatedClock.NewYorkTime(new DateOnly(2026, 11, 24), new TimeOnly(10, 30));

    [Fact]
    public async Task The_record_is_written_when_due_even_when_the_snapshot_cannot_be_published()
    {
        await using var platform = await HotPathHarness.StartAsync(output, MidMorning, tickers: 500);
        var recordKey = RedisKeys.DayRecord(TradingDay.Of(MidMorning));
        await platform.CycleAsync(TimeSpan.FromSeconds(5));
        Assert.True(await platform.Database.KeyExistsAsync(recordKey), "the first cycle writes the record");

        // snapshots:raw becomes a string: every XADD now fails with WRONGTYPE.
        await platform.Database.KeyDeleteAsync([recordKey, RedisKeys.RawSnapshots]);
        await platform.Database.StringSetAsync(RedisKeys.RawSnapshots, "not a stream");
        platform.Time.Advance(TimeSpan.FromSeconds(35)); // past PersistInterval (30 s)
        var failure = await Assert.ThrowsAnyAsync<RedisServerException>(() => platform.Ingest.RunOnceAsync(CancellationToken.None));

        Assert.Contains("WRONGTYPE", failure.Message, StringComparison.Ordinal);
        Assert.True(await platform.Database.KeyExistsAsync(recordKey), "the record was written although publishing failed");
        Assert.Equal(1, platform.IngestStats.FailedCycles);
    }
}
