using Tradeul.Scanner.Compute;
using Tradeul.Scanner.Enrichment;
using Tradeul.Shared.Market;

namespace Tradeul.Tests.Scanner;

/// <summary>Each formula of DESIGN.md ("Market model") on a hand-built quote with hand-computed results.</summary>
public sealed class MetricsCalculatorTests
{
    private const double Tolerance = 1e-9;

    // 10:30 New York: minute 390 of the extended day, the boundary between slots 77 and 78.
    private const double MarketOpenMinutes = 390;

    /// <summary>Prev close 8, open 10, last 12, high 16, low 6, VWAP 10, volume 300,000.</summary>
    private static MarketQuote Quote() =>
        new("ABC", Price: 12, PrevClose: 8, Open: 10, High: 16, Low: 6, Close: 12, Volume: 300_000, Vwap: 10,
            AccumulatedVolume: 0, UpdatedUnixMs: 1_795_000_000_000, Bid: 11.99, Ask: 12.01);

    private static TickerMetrics Compute(
        MarketQuote quote,
        MarketSession session = MarketSession.MarketOpen,
        double minutes = MarketOpenMinutes,
        TickerEnrichment? enrichment = null,
        ScanThresholds? thresholds = null)
    {
        var m = new TickerMetrics { Index = 7 };
        MetricsCalculator.Compute(quote, session, minutes, enrichment ?? TickerEnrichment.None, thresholds ?? new ScanThresholds(), ref m);
        return m;
    }

    private static TickerEnrichment WithFloat(long? floatShares) =>
        new(new TickerMetadata("ABC", "ABC Corp", "XNAS", "Technology", 1_000_000_000m, floatShares, 2_000_000, 500_000), null);

    /// <summary>Cumulative baseline at slot ends, deliberately non-linear: slot k ends at (k + 1)^2 x 100.</summary>
    private static double[] QuadraticBaseline() =>
        Enumerable.Range(0, RvolSlots.Count).Select(k => (k + 1) * (k + 1) * 100.0).ToArray();

    [Fact]
    public void Change_percent_is_against_the_previous_close()
    {
        Assert.Equal(50, Compute(Quote()).ChangePercent, Tolerance);
        Assert.Equal(-25, Compute(Quote() with { Price = 6 }).ChangePercent, Tolerance);
        Assert.True(double.IsNaN(Compute(Quote() with { PrevClose = 0 }).ChangePercent));
    }

    [Fact]
    public void Gap_in_market_open_is_the_open_against_the_previous_close()
    {
        Assert.Equal(25, Compute(Quote(), MarketSession.MarketOpen).GapPercent, Tolerance);
        Assert.Equal(-12.5, Compute(Quote() with { Open = 7 }, MarketSession.MarketOpen).GapPercent, Tolerance);
    }

    [Fact]
    public void Gap_in_post_market_still_uses_the_regular_open()
    {
        Assert.Equal(25, Compute(Quote(), MarketSession.PostMarket).GapPercent, Tolerance);
    }

    [Fact]
    public void Gap_in_pre_market_is_the_current_price_against_the_previous_close()
    {
        Assert.Equal(50, Compute(Quote() with { Open = 0 }, MarketSession.PreMarket).GapPercent, Tolerance);
        // A stray open before 09:30 does not replace the pre-market price.
        Assert.Equal(50, Compute(Quote(), MarketSession.PreMarket).GapPercent, Tolerance);
    }

    [Fact]
    public void Gap_in_market_open_without_an_open_is_unknown()
    {
        Assert.True(double.IsNaN(Compute(Quote() with { Open = 0 }, MarketSession.MarketOpen).GapPercent));
    }

    [Fact]
    public void Change_from_open_needs_an_open()
    {
        Assert.Equal(20, Compute(Quote()).ChangeFromOpenPercent, Tolerance);
        Assert.Equal(-40, Compute(Quote() with { Price = 6 }).ChangeFromOpenPercent, Tolerance);
        Assert.True(double.IsNaN(Compute(Quote() with { Open = 0 }).ChangeFromOpenPercent));
        Assert.True(double.IsNaN(Compute(Quote() with { Open = 0 }, MarketSession.PreMarket).ChangeFromOpenPercent));
    }

    [Fact]
    public void Distance_from_high_and_low_in_percent()
    {
        var m = Compute(Quote());
        Assert.Equal(25, m.FromHighPercent, Tolerance);  // (16 - 12) / 16
        Assert.Equal(100, m.FromLowPercent, Tolerance);  // (12 - 6) / 6
    }

    [Fact]
    public void Unknown_high_and_low_leave_the_distances_unknown()
    {
        var m = Compute(Quote() with { High = 0, Low = 0 });
        Assert.True(double.IsNaN(m.FromHighPercent));
        Assert.True(double.IsNaN(m.FromLowPercent));
        var highOnly = Compute(Quote() with { Low = 0 });
        Assert.Equal(25, highOnly.FromHighPercent, Tolerance);
        Assert.True(double.IsNaN(highOnly.FromLowPercent));
    }

    [Fact]
    public void A_price_above_the_stored_high_is_the_high()
    {
        var m = Compute(Quote() with { Price = 20 });
        Assert.Equal(0, m.FromHighPercent, Tolerance);
        Assert.Equal(1400 / 6.0, m.FromLowPercent, Tolerance); // (20 - 6) / 6
    }

    [Fact]
    public void A_price_below_the_stored_low_is_the_low()
    {
        var m = Compute(Quote() with { Price = 4 });
        Assert.Equal(0, m.FromLowPercent, Tolerance);
        Assert.Equal(75, m.FromHighPercent, Tolerance); // (16 - 4) / 16
    }

    [Fact]
    public void Vwap_distance_needs_a_vwap()
    {
        Assert.Equal(20, Compute(Quote()).VwapDistancePercent, Tolerance);
        Assert.Equal(-20, Compute(Quote() with { Vwap = 15 }).VwapDistancePercent, Tolerance);
        Assert.True(double.IsNaN(Compute(Quote() with { Vwap = 0 }).VwapDistancePercent));
    }

    [Fact]
    public void Rvol_exactly_at_a_slot_boundary_uses_the_previous_slots_end()
    {
        // Minute 390 = end of slot 77 = 78^2 x 100 = 608,400 expected shares.
        var enrichment = new TickerEnrichment(null, QuadraticBaseline());
        var m = Compute(Quote() with { Volume = 1_216_800 }, minutes: 390, enrichment: enrichment);
        Assert.Equal(2, m.Rvol, Tolerance);
        Assert.Equal(2, MetricsCalculator.Rvol(1_216_800, QuadraticBaseline(), 390), Tolerance);
    }

    [Fact]
    public void Rvol_mid_slot_interpolates_between_the_slot_ends()
    {
        // Minute 392.5 = half-way through slot 78: 608,400 + (624,100 - 608,400) / 2 = 616,250.
        Assert.Equal(2, MetricsCalculator.Rvol(1_232_500, QuadraticBaseline(), 392.5), Tolerance);
        // A quarter in: 608,400 + 15,700 / 4 = 612,325.
        Assert.Equal(1, MetricsCalculator.Rvol(612_325, QuadraticBaseline(), 391.25), Tolerance);
    }

    [Fact]
    public void Rvol_in_slot_zero_interpolates_from_nothing()
    {
        // Minute 2.5 (04:02:30): half of slot 0's 100 shares.
        Assert.Equal(4, MetricsCalculator.Rvol(200, QuadraticBaseline(), 2.5), Tolerance);
        Assert.Equal(4, MetricsCalculator.Rvol(400, QuadraticBaseline(), 5), Tolerance);
        // At 04:00 sharp nothing is expected yet: no ratio, not infinity.
        Assert.True(double.IsNaN(MetricsCalculator.Rvol(400, QuadraticBaseline(), 0)));
    }

    [Fact]
    public void Rvol_at_the_end_of_the_day_uses_the_last_slot()
    {
        var last = RvolSlots.Count * RvolSlots.Count * 100.0;
        Assert.Equal(1, MetricsCalculator.Rvol((long)last, QuadraticBaseline(), RvolSlots.Count * RvolSlots.SlotMinutes), 1e-6);
    }

    [Fact]
    public void Rvol_without_a_baseline_is_unknown()
    {
        Assert.True(double.IsNaN(Compute(Quote(), enrichment: TickerEnrichment.None).Rvol));
        Assert.True(double.IsNaN(MetricsCalculator.Rvol(1_000_000, null, 390)));
    }

    [Fact]
    public void Rvol_counts_the_accumulated_volume_when_it_is_larger()
    {
        var enrichment = new TickerEnrichment(null, QuadraticBaseline());
        var m = Compute(Quote() with { Volume = 100, AccumulatedVolume = 1_825_200 }, minutes: 390, enrichment: enrichment);
        Assert.Equal(3, m.Rvol, Tolerance);
    }

    [Fact]
    public void Minutes_into_day_count_from_four_in_the_morning()
    {
        Assert.Equal(390, RvolSlots.MinutesIntoDay(new TimeSpan(10, 30, 0)));
        Assert.Equal(0, RvolSlots.MinutesIntoDay(new TimeSpan(3, 0, 0)));
        Assert.Equal(960, RvolSlots.MinutesIntoDay(new TimeSpan(21, 0, 0)));
        Assert.Equal((78, 0.0), RvolSlots.Locate(390));
        Assert.Equal((78, 0.5), RvolSlots.Locate(392.5));
    }

    [Fact]
    public void Float_rotation_is_volume_over_float()
    {
        Assert.Equal(0.3, Compute(Quote(), enrichment: WithFloat(1_000_000)).FloatRotation, Tolerance);
        Assert.Equal(1.5, Compute(Quote(), enrichment: WithFloat(200_000)).FloatRotation, Tolerance);
    }

    [Fact]
    public void Float_rotation_without_a_float_is_unknown()
    {
        Assert.True(double.IsNaN(Compute(Quote(), enrichment: TickerEnrichment.None).FloatRotation));
        Assert.True(double.IsNaN(Compute(Quote(), enrichment: WithFloat(null)).FloatRotation));
        Assert.True(double.IsNaN(Compute(Quote(), enrichment: WithFloat(0)).FloatRotation));
    }

    [Theory]
    [InlineData(300_000, 0, 300_000)]
    [InlineData(300_000, 450_000, 450_000)]
    [InlineData(0, 450_000, 450_000)]
    [InlineData(450_000, 450_000, 450_000)]
    public void Volume_is_the_larger_of_day_and_accumulated_volume(long volume, long accumulated, long expected)
    {
        var m = Compute(Quote() with { Volume = volume, AccumulatedVolume = accumulated });
        Assert.Equal(expected, m.Volume);
        Assert.Equal(expected * 12.0, m.DollarVolume, Tolerance);
    }

    [Fact]
    public void Score_is_move_plus_half_gap_plus_capped_rvol()
    {
        // |50| + 0.5 x |25| + 2 x 2
        var enrichment = new TickerEnrichment(null, Enumerable.Repeat(150_000.0, RvolSlots.Count).ToArray());
        Assert.Equal(66.5, Compute(Quote(), enrichment: enrichment).Score, Tolerance);
        // Unknown parts count as zero; RVOL counts at most 10.
        Assert.Equal(50, Compute(Quote() with { Open = 0 }).Score, Tolerance);
        Assert.Equal(50 + 12.5 + 20, Compute(Quote() with { Volume = 30_000_000 }, enrichment: enrichment).Score, Tolerance);
    }

    [Fact]
    public void Compute_leaves_the_index_alone()
    {
        Assert.Equal(7, Compute(Quote()).Index);
    }

    [Theory]
    [InlineData(0.99, false)]
    [InlineData(1.00, true)]
    [InlineData(1.01, true)]
    public void Filter_min_price(double price, bool passes)
    {
        var quote = Quote() with { Price = price, Volume = 1_000_000 };
        Assert.Equal(passes, Compute(quote).PassesFilters);
    }

    [Theory]
    [InlineData(4_999.99, true)]
    [InlineData(5_000.00, true)]
    [InlineData(5_000.01, false)]
    public void Filter_max_price(double price, bool passes)
    {
        var quote = Quote() with { Price = price };
        Assert.Equal(passes, Compute(quote).PassesFilters);
    }

    [Theory]
    [InlineData(999, false)]
    [InlineData(1_000, true)]
    [InlineData(1_001, true)]
    public void Filter_min_volume(long volume, bool passes)
    {
        // At $20 even 999 shares clear the dollar-volume filter: only the share count decides.
        var quote = Quote() with { Price = 20, Volume = volume };
        Assert.Equal(passes, Compute(quote).PassesFilters);
    }

    [Theory]
    [InlineData(1_999, false)] // $9,995
    [InlineData(2_000, true)]  // $10,000
    [InlineData(2_001, true)]  // $10,005
    public void Filter_min_dollar_volume(long volume, bool passes)
    {
        var quote = Quote() with { Price = 5, Volume = volume };
        Assert.Equal(passes, Compute(quote).PassesFilters);
    }

    [Fact]
    public void Filters_use_the_configured_thresholds()
    {
        var strict = new ScanThresholds { MinPrice = 15, MaxPrice = 100, MinVolume = 400_000, MinDollarVolume = 1_000_000 };
        Assert.False(Compute(Quote(), thresholds: strict).PassesFilters);                                // price 12 < 15
        Assert.True(Compute(Quote() with { Price = 15, Volume = 400_000 }, thresholds: strict).PassesFilters);
        Assert.False(Compute(Quote() with { Price = 15, Volume = 399_999 }, thresholds: strict).PassesFilters);
        Assert.False(Compute(Quote() with { Price = 100.01, Volume = 400_000 }, thresholds: strict).PassesFilters);
        var dollars = new ScanThresholds { MinDollarVolume = 3_600_001 };
        Assert.False(Compute(Quote(), thresholds: dollars).PassesFilters);                               // 300,000 x $12
        Assert.True(Compute(Quote(), thresholds: new ScanThresholds { MinDollarVolume = 3_600_000 }).PassesFilters);
    }
}
