using Tradeul.Shared.Market;

namespace Tradeul.Tests.BadInput;

/// <summary>The as-of bounds the scanner fuzzing found too wide: before 1970 is corruption, not a session of 1969.</summary>
public sealed class RawSnapshotAsOfBoundsTests
{
    private static readonly MarketQuote[] Quotes = [new("AAPL", 231.45, 229.87, 230.01, 232.5, 229, 231.45, 45_678_901, 230.88, 46_000_000, 0, 231.45, 231.46)];

    [Theory]
    [InlineData(-1L)]
    [InlineData(-5_000L)]
    [InlineData(-62_135_596_800_000L)]
    [InlineData(long.MinValue)]
    [InlineData(253_402_300_800_000L)]
    [InlineData(long.MaxValue)]
    public void An_as_of_outside_the_unix_epoch_to_year_9999_is_corrupt_data(long asOfMs)
    {
        var data = new RawSnapshotEncoder().Encode(Quotes, DateTimeOffset.UnixEpoch);

        var error = Assert.Throws<RawSnapshotDecodeException>(() => new RawSnapshotDecoder().Decode(RawSnapshotFormat.Version, 1, asOfMs, 1, data));

        Assert.Equal(RawSnapshotDecodeException.CorruptData, error.Reason);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1_795_000_000_000L)]
    public void An_as_of_from_the_epoch_on_decodes(long asOfMs)
    {
        var data = new RawSnapshotEncoder().Encode(Quotes, DateTimeOffset.FromUnixTimeMilliseconds(asOfMs));

        var snapshot = new RawSnapshotDecoder().Decode(RawSnapshotFormat.Version, 1, asOfMs, 1, data);

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(asOfMs), snapshot.AsOf);
        Assert.Equal("AAPL", snapshot.Rows[0].Symbol);
    }
}
