using Tradeul.Scanner.Compute;
using Tradeul.Shared.Market;

namespace Tradeul.Tests.Scanner;

/// <summary>
/// Every threshold of every category, one value just below, exactly at and just above it,
/// with every other condition of the category satisfied. Thresholds are inclusive; the
/// VWAP side is strict; mirror categories compare against the negated threshold.
/// </summary>
public sealed class ScanCategoryThresholdTests
{
    public enum Metric { Gap, Change, ChangeFromOpen, FromHigh, FromLow, Vwap, Rvol, Volume }

    /// <summary>How the value relates to the boundary when the category qualifies.</summary>
    public enum Rule { AtLeast, AtMost, StrictlyAbove, StrictlyBelow }

    /// <param name="Default">The boundary with default thresholds, as DESIGN.md states it.</param>
    /// <param name="Boundary">The boundary the category uses for given thresholds.</param>
    /// <param name="Customize">Moves the threshold away from its default; null for a fixed boundary (the VWAP side).</param>
    private sealed record Boundary(string Category, Metric Metric, Rule Rule, double Default, Func<ScanThresholds, double> Bound, Action<ScanThresholds>? Customize);

    private static readonly Boundary[] Boundaries =
    [
        new("gappers_up", Metric.Gap, Rule.AtLeast, 2, t => t.GapPercent, t => t.GapPercent = 4),
        new("gappers_down", Metric.Gap, Rule.AtMost, -2, t => -t.GapPercent, t => t.GapPercent = 4),

        new("momentum_up", Metric.FromHigh, Rule.AtMost, 1, t => t.MomentumNearExtremePercent, t => t.MomentumNearExtremePercent = 0.25),
        new("momentum_up", Metric.Change, Rule.AtLeast, 1, t => t.MomentumMinChangePercent, t => t.MomentumMinChangePercent = 2.5),
        new("momentum_up", Metric.Vwap, Rule.StrictlyAbove, 0, _ => 0, null),
        new("momentum_up", Metric.Rvol, Rule.AtLeast, 1.5, t => t.MomentumMinRvol, t => t.MomentumMinRvol = 2.25),
        new("momentum_up", Metric.Volume, Rule.AtLeast, 100_000, t => t.MomentumMinVolume, t => t.MomentumMinVolume = 250_000),

        new("momentum_down", Metric.FromLow, Rule.AtMost, 1, t => t.MomentumNearExtremePercent, t => t.MomentumNearExtremePercent = 0.25),
        new("momentum_down", Metric.Change, Rule.AtMost, -1, t => -t.MomentumMinChangePercent, t => t.MomentumMinChangePercent = 2.5),
        new("momentum_down", Metric.Vwap, Rule.StrictlyBelow, 0, _ => 0, null),
        new("momentum_down", Metric.Rvol, Rule.AtLeast, 1.5, t => t.MomentumMinRvol, t => t.MomentumMinRvol = 2.25),
        new("momentum_down", Metric.Volume, Rule.AtLeast, 100_000, t => t.MomentumMinVolume, t => t.MomentumMinVolume = 250_000),

        new("winners", Metric.Change, Rule.AtLeast, 5, t => t.WinnersMinChangePercent, t => t.WinnersMinChangePercent = 7.5),
        new("winners", Metric.Rvol, Rule.AtLeast, 1.5, t => t.WinnersMinRvol, t => t.WinnersMinRvol = 2.25),
        new("winners", Metric.Volume, Rule.AtLeast, 50_000, t => t.RvolMinVolume, t => t.RvolMinVolume = 75_000),
        new("losers", Metric.Change, Rule.AtMost, -5, t => -t.WinnersMinChangePercent, t => t.WinnersMinChangePercent = 7.5),
        new("losers", Metric.Rvol, Rule.AtLeast, 1.5, t => t.WinnersMinRvol, t => t.WinnersMinRvol = 2.25),
        new("losers", Metric.Volume, Rule.AtLeast, 50_000, t => t.RvolMinVolume, t => t.RvolMinVolume = 75_000),

        // RVOL counts only with RvolMinVolume shares behind it (for momentum, MomentumMinVolume is the larger bound).
        new("high_volume", Metric.Rvol, Rule.AtLeast, 2, t => t.HighVolumeMinRvol, t => t.HighVolumeMinRvol = 2.75),
        new("high_volume", Metric.Volume, Rule.AtLeast, 50_000, t => t.RvolMinVolume, t => t.RvolMinVolume = 75_000),
        new("anomalies", Metric.Rvol, Rule.AtLeast, 3, t => t.AnomalyMinRvol, t => t.AnomalyMinRvol = 4.5),
        new("anomalies", Metric.Volume, Rule.AtLeast, 50_000, t => t.RvolMinVolume, t => t.RvolMinVolume = 75_000),

        new("new_highs", Metric.FromHigh, Rule.AtMost, 2, t => t.NewExtremeWithinPercent, t => t.NewExtremeWithinPercent = 0.75),
        new("new_lows", Metric.FromLow, Rule.AtMost, 2, t => t.NewExtremeWithinPercent, t => t.NewExtremeWithinPercent = 0.75),

        // The fading gap-up; the bouncing gap-down mirrors it (ReversalsTests).
        new("reversals", Metric.Gap, Rule.AtLeast, 2, t => t.GapPercent, t => t.GapPercent = 4),
        new("reversals", Metric.ChangeFromOpen, Rule.AtMost, -2, t => -t.ReversalMinFromOpenPercent, t => t.ReversalMinFromOpenPercent = 2.5),

        new("post_market", Metric.Volume, Rule.AtLeast, 20_000, t => t.PostMarketMinVolume, t => t.PostMarketMinVolume = 50_000),
        // |change| >= 0.5: both signs.
        new("post_market", Metric.Change, Rule.AtLeast, 0.5, t => t.PostMarketMinChangePercent, t => t.PostMarketMinChangePercent = 1.25),
        new("post_market", Metric.Change, Rule.AtMost, -0.5, t => -t.PostMarketMinChangePercent, t => t.PostMarketMinChangePercent = 1.25),
    ];

    /// <summary>A ticker that clearly qualifies for the category.</summary>
    private static TickerMetrics Qualifying(string category) => category switch
    {
        "gappers_up" => new TickerMetrics { GapPercent = 10 },
        "gappers_down" => new TickerMetrics { GapPercent = -10 },
        "momentum_up" => new TickerMetrics { FromHighPercent = 0.5, ChangePercent = 3, VwapDistancePercent = 2, Rvol = 2.5, Volume = 500_000 },
        "momentum_down" => new TickerMetrics { FromLowPercent = 0.5, ChangePercent = -3, VwapDistancePercent = -2, Rvol = 2.5, Volume = 500_000 },
        "winners" => new TickerMetrics { ChangePercent = 8, Rvol = 2.5, Volume = 500_000 },
        "losers" => new TickerMetrics { ChangePercent = -8, Rvol = 2.5, Volume = 500_000 },
        "high_volume" => new TickerMetrics { Rvol = 5, Volume = 500_000 },
        "anomalies" => new TickerMetrics { Rvol = 5, Volume = 500_000 },
        "new_highs" => new TickerMetrics { FromHighPercent = 0.5 },
        "new_lows" => new TickerMetrics { FromLowPercent = 0.5 },
        "reversals" => new TickerMetrics { GapPercent = 5, ChangeFromOpenPercent = -3 },
        "post_market" => new TickerMetrics { Volume = 50_000, ChangePercent = 2 },
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, "No qualifying ticker for this category: add one."),
    };

    private static TickerMetrics With(TickerMetrics m, Metric metric, double value)
    {
        switch (metric)
        {
            case Metric.Gap: m.GapPercent = value; break;
            case Metric.Change: m.ChangePercent = value; break;
            case Metric.ChangeFromOpen: m.ChangeFromOpenPercent = value; break;
            case Metric.FromHigh: m.FromHighPercent = value; break;
            case Metric.FromLow: m.FromLowPercent = value; break;
            case Metric.Vwap: m.VwapDistancePercent = value; break;
            case Metric.Rvol: m.Rvol = value; break;
            case Metric.Volume: m.Volume = checked((long)value); break;
        }
        return m;
    }

    /// <summary>The adjacent representable value: the next double, or the next share for volumes.</summary>
    private static double Step(Metric metric, double bound, int step) => metric == Metric.Volume
        ? bound + step
        : step switch { < 0 => Math.BitDecrement(bound), > 0 => Math.BitIncrement(bound), _ => bound };

    private static bool Expected(Rule rule, int step) => rule switch
    {
        Rule.AtLeast => step >= 0,
        Rule.AtMost => step <= 0,
        Rule.StrictlyAbove => step > 0,
        Rule.StrictlyBelow => step < 0,
        _ => throw new ArgumentOutOfRangeException(nameof(rule)),
    };

    private static ScanCategory Category(string name) =>
        ScanCategories.Find(name) ?? throw new InvalidOperationException($"No category {name}.");

    public static TheoryData<int, string, Metric, int> BoundaryCases()
    {
        var data = new TheoryData<int, string, Metric, int>();
        for (var i = 0; i < Boundaries.Length; i++)
        {
            foreach (var step in new[] { -1, 0, 1 })
            {
                data.Add(i, Boundaries[i].Category, Boundaries[i].Metric, step);
            }
        }
        return data;
    }

    public static TheoryData<int, string, Metric> Customizable()
    {
        var data = new TheoryData<int, string, Metric>();
        for (var i = 0; i < Boundaries.Length; i++)
        {
            if (Boundaries[i].Customize is not null)
            {
                data.Add(i, Boundaries[i].Category, Boundaries[i].Metric);
            }
        }
        return data;
    }

    /// <summary>Every boundary on a metric that can be unknown (volumes never are).</summary>
    public static TheoryData<int, string, Metric> UnknownMetricCases()
    {
        var data = new TheoryData<int, string, Metric>();
        for (var i = 0; i < Boundaries.Length; i++)
        {
            if (Boundaries[i].Metric != Metric.Volume)
            {
                data.Add(i, Boundaries[i].Category, Boundaries[i].Metric);
            }
        }
        return data;
    }

    public static TheoryData<string> CategoryNames()
    {
        var data = new TheoryData<string>();
        foreach (var category in ScanCategories.All)
        {
            data.Add(category.Name);
        }
        return data;
    }

    [Fact]
    public void Every_category_is_covered_by_this_table()
    {
        Assert.Equal(
            ScanCategories.All.Select(c => c.Name).Order(StringComparer.Ordinal),
            Boundaries.Select(b => b.Category).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Category_names_are_unique_and_findable()
    {
        var names = ScanCategories.All.Select(c => c.Name).ToArray();
        Assert.Equal(names.Length, names.Distinct(StringComparer.Ordinal).Count());
        foreach (var name in names)
        {
            Assert.Same(ScanCategories.All.Single(c => c.Name == name), ScanCategories.Find(name));
        }
        Assert.Null(ScanCategories.Find("no_such_category"));
    }

    [Theory]
    [MemberData(nameof(CategoryNames))]
    public void The_qualifying_ticker_of_each_category_qualifies(string name)
    {
        Assert.True(Category(name).Test(Qualifying(name), new ScanThresholds()));
    }

    [Theory]
    [MemberData(nameof(BoundaryCases))]
    public void Default_threshold_just_below_at_and_just_above(int row, string category, Metric metric, int step)
    {
        var boundary = Boundaries[row];
        Assert.Equal((category, metric), (boundary.Category, boundary.Metric));
        var thresholds = new ScanThresholds();
        Assert.Equal(boundary.Default, boundary.Bound(thresholds));

        var value = Step(metric, boundary.Default, step);
        var metrics = With(Qualifying(category), metric, value);

        Assert.Equal(Expected(boundary.Rule, step), Category(category).Test(metrics, thresholds));
    }

    [Theory]
    [MemberData(nameof(Customizable))]
    public void Configured_thresholds_are_honoured(int row, string category, Metric metric)
    {
        var boundary = Boundaries[row];
        Assert.Equal((category, metric), (boundary.Category, boundary.Metric));
        var thresholds = new ScanThresholds();
        boundary.Customize!(thresholds);
        var bound = boundary.Bound(thresholds);
        Assert.NotEqual(boundary.Default, bound);
        var test = Category(category).Test;

        foreach (var step in new[] { -1, 0, 1 })
        {
            var metrics = With(Qualifying(category), metric, Step(metric, bound, step));
            Assert.Equal(Expected(boundary.Rule, step), test(metrics, thresholds));
        }
        // Every customization above is stricter: a value at the default boundary no longer qualifies.
        var atDefault = With(Qualifying(category), metric, boundary.Default);
        Assert.True(test(atDefault, new ScanThresholds()));
        Assert.False(test(atDefault, thresholds));
    }

    [Theory]
    [MemberData(nameof(UnknownMetricCases))]
    public void An_unknown_metric_never_qualifies(int row, string category, Metric metric)
    {
        var metrics = With(Qualifying(Boundaries[row].Category), metric, double.NaN);
        Assert.False(Category(category).Test(metrics, new ScanThresholds()));
    }

    [Theory]
    [InlineData("momentum_up")]
    [InlineData("momentum_down")]
    [InlineData("winners")]
    [InlineData("losers")]
    [InlineData("high_volume")]
    [InlineData("anomalies")]
    public void Nan_rvol_never_qualifies_for_rvol_categories(string name)
    {
        var metrics = Qualifying(name);
        Assert.True(Category(name).Test(metrics, new ScanThresholds()));
        metrics.Rvol = double.NaN;
        Assert.False(Category(name).Test(metrics, new ScanThresholds()));
        Assert.False(Category(name).Test(metrics, new ScanThresholds { HighVolumeMinRvol = 0.01, AnomalyMinRvol = 0.01, MomentumMinRvol = 0.01, WinnersMinRvol = 0.01 }));
    }

    [Theory]
    [MemberData(nameof(CategoryNames))]
    public void Sessions_in_which_each_category_ranks(string name)
    {
        var category = Category(name);
        Assert.False(category.InSession(MarketSession.Closed));
        Assert.True(category.InSession(MarketSession.PostMarket));
        var onlyPostMarket = name == "post_market";
        // A reversal is a move from the open: before the open there is none.
        var needsAnOpen = name == "reversals";
        Assert.Equal(!onlyPostMarket && !needsAnOpen, category.InSession(MarketSession.PreMarket));
        Assert.Equal(!onlyPostMarket, category.InSession(MarketSession.MarketOpen));
    }

    [Theory]
    [InlineData(50_000, false)]
    [InlineData(150_000, false)]
    [InlineData(150_001, true)]
    public void RvolMinVolume_binds_momentum_too_when_above_MomentumMinVolume(long volume, bool qualifies)
    {
        var thresholds = new ScanThresholds { RvolMinVolume = 150_001 };
        foreach (var name in new[] { "momentum_up", "momentum_down" })
        {
            var metrics = Qualifying(name);
            metrics.Volume = volume;
            Assert.Equal(qualifies, Category(name).Test(metrics, thresholds));
        }
    }

    /// <summary>Every key differs from every other in this ticker, so the assertion names the metric each category ranks by.</summary>
    private static readonly TickerMetrics Distinct = new()
    {
        GapPercent = 11, ChangePercent = -13, ChangeFromOpenPercent = -7, VwapDistancePercent = 3, Rvol = 17, Volume = 19_000_000,
    };

    [Theory]
    [InlineData("gappers_up", true, 11)]              // gap %
    [InlineData("gappers_down", false, 11)]
    [InlineData("momentum_up", true, -7)]             // change from the open %
    [InlineData("momentum_down", false, -7)]
    [InlineData("winners", true, -13)]                // change %
    [InlineData("losers", false, -13)]
    [InlineData("high_volume", true, 19_000_000)]     // shares traded today
    [InlineData("anomalies", true, 17)]               // RVOL
    [InlineData("new_highs", true, 19_000_000)]       // shares traded today
    [InlineData("new_lows", true, 19_000_000)]
    [InlineData("reversals", true, 7)]                // |change from the open| %
    [InlineData("post_market", true, 13)]             // |change| %
    public void Sort_direction_and_key(string name, bool descending, double key)
    {
        var category = Category(name);
        Assert.Equal(descending, category.Descending);
        Assert.Equal(key, category.SortKey(Distinct, MarketSession.MarketOpen));
    }

    [Theory]
    [InlineData(MarketSession.PreMarket, -7, 3)]                 // no open yet: the distance from VWAP
    [InlineData(MarketSession.MarketOpen, -7, -7)]
    [InlineData(MarketSession.PostMarket, -7, -7)]
    [InlineData(MarketSession.MarketOpen, double.NaN, 3)]        // a name that has not opened
    public void Momentum_ranks_by_the_move_from_the_open_or_before_it_from_vwap(MarketSession session, double changeFromOpen, double key)
    {
        var m = Distinct;
        m.ChangeFromOpenPercent = changeFromOpen;
        Assert.Equal(key, Category("momentum_up").SortKey(m, session));
        Assert.Equal(key, Category("momentum_down").SortKey(m, session));
    }
}
