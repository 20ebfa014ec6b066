using Tradeul.Scanner.Compute;
using Tradeul.Shared.Market;
using static Tradeul.Tests.Scanner.ScanTestMarket;

namespace Tradeul.Tests.Scanner;

/// <summary>reversals: gapped at least GapPercent one way, now at least ReversalMinFromOpenPercent the other way from the open.</summary>
public sealed class ReversalsTests
{
    /// <summary>Everyone closed at 10 yesterday.</summary>
    private static readonly MarketQuote[] Market =
    [
        Quote("HOLD", 10.605, 10, 10.5, 200_000),   // gap +5 %, +1 % above its open: the gap holds
        Quote("FADE", 10.185, 10, 10.5, 200_000),   // gap +5 %, -3 % from its open
        Quote("BNCE", 9.776, 10, 9.4, 200_000),     // gap -6 %, +4 % from its open
        Quote("SOFT", 10.395, 10, 10.5, 200_000),   // gap +5 %, -1 % from its open: too small a move
        Quote("DRIP", 10.2375, 10, 10.5, 200_000),  // gap +5 %, -2.5 % from its open
        Quote("NOGP", 9.7, 10, 10.1, 200_000),      // gap +1 %, -4 % from its open: no gap to reverse
    ];

    private static string[] Reversals(DateTimeOffset asOf, ScanThresholds? thresholds = null) =>
        new ScanEngine(thresholds ?? new ScanThresholds(), 10, 50).Scan(Snapshot(asOf, Market), FlatBaselines())
            .Categories.Single(c => c.Name == "reversals").Rows.Select(r => r.Symbol).ToArray();

    [Fact]
    public void A_gap_up_now_below_its_open_ranks_by_the_size_of_the_move_from_the_open()
    {
        var result = new ScanEngine(new ScanThresholds(), 10, 50).Scan(Snapshot(MarketOpen, Market), FlatBaselines());
        var rows = result.Categories.Single(c => c.Name == "reversals").Rows;

        Assert.Equal(["BNCE", "FADE", "DRIP"], rows.Select(r => r.Symbol));
        var fade = rows.Single(r => r.Symbol == "FADE");
        Assert.Equal(5, fade.GapPercent);
        Assert.Equal(-3, fade.ChangeFromOpenPercent);
        var bounce = rows.Single(r => r.Symbol == "BNCE");
        Assert.Equal(-6, bounce.GapPercent);
        Assert.Equal(4, bounce.ChangeFromOpenPercent);
        // HOLD gapped as much as FADE and is still a gapper, but it has not turned.
        Assert.Contains("HOLD", result.Categories.Single(c => c.Name == "gappers_up").Rows.Select(r => r.Symbol));
    }

    [Fact]
    public void Post_market_still_measures_from_the_regular_open()
    {
        Assert.Equal(["BNCE", "FADE", "DRIP"], Reversals(PostMarket));
    }

    [Fact]
    public void Nothing_reverses_before_the_open()
    {
        Assert.Empty(Reversals(PreMarket));
    }

    [Fact]
    public void The_move_from_the_open_is_configurable()
    {
        Assert.Equal(["BNCE"], Reversals(MarketOpen, new ScanThresholds { ReversalMinFromOpenPercent = 3.5 }));
        Assert.Equal(["BNCE", "FADE", "DRIP", "SOFT"], Reversals(MarketOpen, new ScanThresholds { ReversalMinFromOpenPercent = 0.5 }));
    }
}
