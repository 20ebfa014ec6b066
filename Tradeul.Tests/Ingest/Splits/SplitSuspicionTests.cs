using System.Collections.Frozen;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tradeul.Ingest.Splits;
using Tradeul.Shared.Market;

namespace Tradeul.Tests.Ingest.Splits;

/// <summary>
/// Which rows are held out as possible unadjusted splits: with the day's listing in hand only a
/// move past <c>UnlistedSuspectRatio</c> (10) is, so a real +250 % gapper still ranks; without
/// it, anything past <c>SuspectRatio</c> (3). And a previous close already adjusted by the
/// provider is not adjusted twice.
/// </summary>
public sealed class SplitSuspicionTests
{
    private static readonly DateOnly Day = new(2022, 4, 29);

    // Apply reads only its options: the calendar, stats and telemetry serve AdjustAsync.
    private static readonly SplitAdjuster Adjuster = new(null!, Options.Create(new SplitOptions()), null!, null!, NullLogger<SplitAdjuster>.Instance);

    private static readonly SplitDay Known = new(Day, new Dictionary<string, double> { ["BIOL"] = 0.04 }.ToFrozenDictionary());

    private static MarketQuote Quote(string symbol, double price, double prevClose) =>
        new(symbol, price, prevClose, Open: price, High: price, Low: price, Close: price, Volume: 100_000, Vwap: price,
            AccumulatedVolume: 100_000, UpdatedUnixMs: 0, Bid: 0, Ask: 0);

    [Theory]
    [InlineData(3.5, false)]   // +250 %: a news gapper, ranked
    [InlineData(0.3, false)]   // -70 %: a failed trial, ranked
    [InlineData(22.1, true)]   // NVCN's 22x: a split the listing missed
    [InlineData(0.05, true)]   // a 20-for-1 forward split the listing missed
    public void With_the_listing_known_an_unlisted_symbol_is_held_out_only_past_ten_times(double move, bool unresolved)
    {
        var row = Adjuster.Apply(Quote("MOVR", 1.0 * move, 1.0), Known);

        Assert.Equal(unresolved, row.Flags.HasFlag(QuoteFlags.SplitUnresolved));
        Assert.Equal(1.0, row.PrevClose);
    }

    [Theory]
    [InlineData(3.5, true)]
    [InlineData(2.9, false)]
    [InlineData(0.3, true)]
    public void With_the_days_splits_unknown_a_move_past_three_times_is_held_out(double move, bool unresolved)
    {
        var row = Adjuster.Apply(Quote("MOVR", move, 1.0), SplitDay.Unknown(Day));

        Assert.Equal(unresolved, row.Flags.HasFlag(QuoteFlags.SplitUnresolved));
    }

    [Fact]
    public void A_listed_split_adjusts_an_unadjusted_previous_close_once_and_leaves_an_adjusted_one_alone()
    {
        var raw = Adjuster.Apply(Quote("BIOL", 4.2116, 0.1953), Known);
        Assert.Equal(4.8825, raw.PrevClose, 6);
        Assert.Equal((QuoteFlags.SplitAdjusted, 0.04), (raw.Flags, raw.SplitRatio));

        // The provider already restated it: dividing again would read -96 %.
        var restated = Adjuster.Apply(Quote("BIOL", 4.2116, 4.8825), Known);
        Assert.Equal(4.8825, restated.PrevClose);
        Assert.Equal((QuoteFlags.SplitAdjusted, 0.04), (restated.Flags, restated.SplitRatio));
    }
}
