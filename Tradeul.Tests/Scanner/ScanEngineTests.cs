using System.Collections.Frozen;
using Tradeul.Scanner.Compute;
using Tradeul.Scanner.Enrichment;
using Tradeul.Shared.Market;
using static Tradeul.Tests.Scanner.ScanTestMarket;

namespace Tradeul.Tests.Scanner;

/// <summary>One whole cycle of metrics, filters, categories and scores over a small hand-made market.</summary>
public sealed class ScanEngineTests
{
    /// <summary>
    /// Everyone closed at 10 yesterday and trades at today's open. RVOL = volume / 100,000.
    /// NOBL has no baseline; PENNY fails the price filter and THIN the volume filter.
    /// </summary>
    private static readonly MarketQuote[] Market =
    [
        Quote("UPB", 11, 10, 11, 250_000),        // gap +10, RVOL 2.5
        Quote("DNA", 9, 10, 9, 50_000),           // gap -10, RVOL 0.5
        Quote("NOBL", 14, 10, 14, 1_000_000),     // gap +40, no baseline
        Quote("FLAT", 10.1, 10, 10.1, 50_000),    // gap +1
        Quote("UPA", 13, 10, 13, 300_000),        // gap +30, RVOL 3
        Quote("PENNY", 0.5, 0.3, 0.5, 5_000_000), // gap +66.7, price below $1
        Quote("DNC", 8, 10, 8, 50_000),           // gap -20
        Quote("UPC", 12, 10, 12, 150_000),        // gap +20, RVOL 1.5
        Quote("THIN", 15, 10, 15, 500),           // gap +50, 500 shares
        Quote("DNB", 7, 10, 7, 50_000),           // gap -30
    ];

    private static readonly FrozenDictionary<string, TickerEnrichment> Enrichment =
        FlatBaselines("UPB", "DNA", "FLAT", "UPA", "PENNY", "DNC", "UPC", "THIN", "DNB");

    private static ScanResult Scan(DateTimeOffset asOf, MarketQuote[] quotes, FrozenDictionary<string, TickerEnrichment> enrichment, int topN = 10, int filteredRows = 50) =>
        new ScanEngine(new ScanThresholds(), topN, filteredRows).Scan(Snapshot(asOf, quotes), enrichment);

    private static string[] Ranked(ScanResult result, string category) =>
        result.Categories.Single(c => c.Name == category).Rows.Select(r => r.Symbol).ToArray();

    [Fact]
    public void The_snapshot_is_a_market_open_instant_on_a_trading_day()
    {
        Assert.Equal(MarketSession.MarketOpen, MarketCalendar.SessionAt(MarketOpen));
        Assert.Equal(MarketSession.PreMarket, MarketCalendar.SessionAt(PreMarket));
        Assert.Equal(MarketSession.PostMarket, MarketCalendar.SessionAt(PostMarket));
        Assert.Equal(MarketSession.Closed, MarketCalendar.SessionAt(Closed));
        Assert.Equal(390, RvolSlots.MinutesIntoDay(MarketCalendar.SessionOffset(MarketOpen)));
    }

    [Fact]
    public void Result_describes_the_cycle()
    {
        var result = Scan(MarketOpen, Market, Enrichment);

        Assert.Equal(42, result.SnapshotSequence);
        Assert.Equal(MarketOpen, result.AsOf);
        Assert.Equal(MarketSession.MarketOpen, result.Session);
        Assert.Equal(10, result.TickersIn);
        Assert.Equal(8, result.TickersOut);
        Assert.Equal(ScanCategories.All.Select(c => c.Name), result.Categories.Select(c => c.Name));
    }

    [Fact]
    public void Categories_are_ordered_as_declared()
    {
        var result = Scan(MarketOpen, Market, Enrichment);

        Assert.Equal(["NOBL", "UPA", "UPC", "UPB"], Ranked(result, "gappers_up"));      // descending gap
        Assert.Equal(["DNB", "DNC", "DNA"], Ranked(result, "gappers_down"));            // most negative first
        Assert.Equal(["UPA", "UPB"], Ranked(result, "high_volume"));                    // descending volume
        Assert.Equal(["UPA"], Ranked(result, "anomalies"));                             // descending RVOL
        Assert.Equal(["UPA", "UPC", "UPB"], Ranked(result, "winners"));                 // descending change
        Assert.Empty(Ranked(result, "losers"));                                         // RVOL 0.5 is too quiet
        // Everyone is near both extremes here: descending volume, ties in snapshot order.
        Assert.Equal(["NOBL", "UPA", "UPB", "UPC", "DNA", "FLAT", "DNC", "DNB"], Ranked(result, "new_highs"));
        Assert.Equal(["NOBL", "UPA", "UPB", "UPC", "DNA", "FLAT", "DNC", "DNB"], Ranked(result, "new_lows"));
        Assert.Empty(Ranked(result, "reversals"));                                      // everyone trades at its open
        Assert.Empty(Ranked(result, "momentum_up"));                                    // at VWAP is not above it
        Assert.Empty(Ranked(result, "momentum_down"));
    }

    [Fact]
    public void Ranked_rows_carry_the_metrics_and_metadata()
    {
        var row = Scan(MarketOpen, Market, Enrichment).Categories.Single(c => c.Name == "anomalies").Rows.Single();

        Assert.Equal("UPA", row.Symbol);
        Assert.Equal(13, row.Price);
        Assert.Equal(30, row.ChangePercent);
        Assert.Equal(30, row.GapPercent);
        Assert.Equal(0, row.ChangeFromOpenPercent);
        Assert.Equal(300_000, row.Volume);
        Assert.Equal(3, row.Rvol);
        Assert.Equal(0, row.VwapDistancePercent);
        Assert.Equal(0.99, row.FromHighPercent);      // high = 13.13
        Assert.Equal(1.01, row.FromLowPercent);       // low = 12.87
        Assert.Equal(0.006, row.FloatRotation);       // 300,000 / 50,000,000
        Assert.Equal(51, row.Score);                  // 30 + 15 + 2 x 3
        Assert.Equal("UPA Inc.", row.Name);
        Assert.Equal("Industrials", row.Sector);
        Assert.Equal(5_000_000_000m, row.MarketCap);
    }

    [Fact]
    public void Top_n_caps_every_ranking_and_the_filtered_list()
    {
        var result = Scan(MarketOpen, Market, Enrichment, topN: 2, filteredRows: 3);

        Assert.Equal(["NOBL", "UPA"], Ranked(result, "gappers_up"));
        Assert.Equal(["DNB", "DNC"], Ranked(result, "gappers_down"));
        Assert.Equal(["UPA", "UPC"], Ranked(result, "winners"));
        Assert.All(result.Categories, c => Assert.True(c.Rows.Length <= 2, c.Name));
        Assert.Equal(["NOBL", "UPA", "DNB"], result.Filtered.Select(r => r.Symbol));
        Assert.Equal(8, result.TickersOut);
    }

    [Fact]
    public void Ties_are_broken_by_snapshot_order_in_both_directions()
    {
        MarketQuote[] quotes =
        [
            Quote("ZED", 11, 10, 11, 200_000),
            Quote("DOWNZ", 9, 10, 9, 200_000),
            Quote("ALF", 11, 10, 11, 200_000),
            Quote("LOW", 10.5, 10, 10.5, 200_000),
            Quote("DOWNA", 9, 10, 9, 200_000),
            Quote("MID", 11, 10, 11, 200_000),
            Quote("DOWNM", 9, 10, 9, 200_000),
            Quote("YAK", 11, 10, 11, 200_000),
            Quote("DOWNY", 9, 10, 9, 200_000),
        ];
        var enrichment = FlatBaselines(quotes.Select(q => q.Symbol).ToArray());

        var result = Scan(MarketOpen, quotes, enrichment, topN: 3, filteredRows: 8);

        Assert.Equal(["ZED", "ALF", "MID"], Ranked(result, "gappers_up"));
        Assert.Equal(["DOWNZ", "DOWNA", "DOWNM"], Ranked(result, "gappers_down"));
        Assert.Equal(["ZED", "DOWNZ", "ALF"], Ranked(result, "high_volume"));   // all nine at 200,000 shares
        // +10 % and -10 % score alike: snapshot order among them, the smaller gap last.
        Assert.Equal(["ZED", "DOWNZ", "ALF", "DOWNA", "MID", "DOWNM", "YAK", "DOWNY"], result.Filtered.Select(r => r.Symbol));
    }

    [Fact]
    public void Tickers_failing_a_filter_are_never_ranked()
    {
        MarketQuote[] quotes =
        [
            Quote("PENNY", 0.99, 0.5, 0.99, 5_000_000),     // price below $1
            Quote("BERK", 6_000, 5_000, 6_000, 50_000),     // price above $5,000
            Quote("THIN", 15, 10, 15, 999),                 // fewer than 1,000 shares
            Quote("SMALL", 4.99, 2, 4.99, 2_000),           // $9,980 traded
            Quote("OK", 15, 10, 15, 1_000),                 // the one that passes
        ];
        var enrichment = FlatBaselines(quotes.Select(q => q.Symbol).ToArray());

        var result = Scan(MarketOpen, quotes, enrichment);

        Assert.Equal(1, result.TickersOut);
        Assert.Equal(["OK"], result.Filtered.Select(r => r.Symbol));
        Assert.Equal(["OK"], Ranked(result, "gappers_up"));
        Assert.All(result.Categories, c => Assert.DoesNotContain(c.Rows, r => r.Symbol != "OK"));
    }

    [Fact]
    public void A_ticker_without_a_baseline_gaps_but_never_ranks_by_rvol()
    {
        var result = Scan(MarketOpen, Market, Enrichment);

        Assert.Contains("NOBL", Ranked(result, "gappers_up"));
        Assert.DoesNotContain("NOBL", Ranked(result, "high_volume"));
        Assert.DoesNotContain("NOBL", Ranked(result, "anomalies"));
        Assert.DoesNotContain("NOBL", Ranked(result, "winners"));
        var row = result.Filtered.Single(r => r.Symbol == "NOBL");
        Assert.True(double.IsNaN(row.Rvol));
        Assert.True(double.IsNaN(row.FloatRotation));
        Assert.Null(row.Name);
        Assert.Equal(60, row.Score);   // 40 + 20, no RVOL part
    }

    [Fact]
    public void Filtered_is_sorted_by_score()
    {
        var result = Scan(MarketOpen, Market, Enrichment);

        Assert.Equal(["NOBL", "UPA", "DNB", "UPC", "DNC", "UPB", "DNA", "FLAT"], result.Filtered.Select(r => r.Symbol));
        var scores = result.Filtered.Select(r => r.Score).ToArray();
        Assert.Equal(scores.OrderDescending(), scores);
        Assert.Equal([60, 51, 46, 33, 31, 20, 16], scores[..7]);
    }

    private static readonly MarketQuote[] AfterHours =
    [
        Quote("AFTR", 10.5, 10, 10.2, 30_000),    // +5 %
        Quote("QUIET", 10.04, 10, 10, 30_000),    // +0.4 %: too small a move
        Quote("DROP", 9, 10, 9.5, 25_000),        // -10 %
        Quote("LOWV", 11, 10, 10.5, 19_999),      // +10 % on too few shares
    ];

    [Fact]
    public void Post_market_ranks_in_post_market_by_absolute_change()
    {
        var result = Scan(PostMarket, AfterHours, FlatBaselines());

        Assert.Equal(MarketSession.PostMarket, result.Session);
        Assert.Equal(["DROP", "AFTR"], Ranked(result, "post_market"));
    }

    [Theory]
    [InlineData(MarketSession.PreMarket)]
    [InlineData(MarketSession.MarketOpen)]
    public void Post_market_is_empty_outside_post_market(MarketSession session)
    {
        var asOf = session == MarketSession.PreMarket ? PreMarket : MarketOpen;

        var result = Scan(asOf, AfterHours, FlatBaselines());

        Assert.Equal(session, result.Session);
        Assert.Empty(Ranked(result, "post_market"));
        Assert.NotEmpty(Ranked(result, "gappers_up"));   // the other categories still rank
    }

    [Fact]
    public void Nothing_ranks_when_the_market_is_closed()
    {
        var result = Scan(Closed, Market, Enrichment);

        Assert.Equal(MarketSession.Closed, result.Session);
        Assert.Equal(ScanCategories.All.Count, result.Categories.Count);
        Assert.All(result.Categories, c => Assert.Empty(c.Rows));
    }

    [Fact]
    public void Pre_market_gaps_use_the_price_when_there_is_no_open()
    {
        var quotes = new[] { Quote("EARLY", 12, 10, 0, 40_000) with { High = 12.1, Low = 11.5 } };

        var result = Scan(PreMarket, quotes, FlatBaselines("EARLY"));

        Assert.Equal(MarketSession.PreMarket, result.Session);
        Assert.Equal(20, result.Categories.Single(c => c.Name == "gappers_up").Rows.Single().GapPercent);
    }

    [Fact]
    public void A_reused_engine_forgets_the_previous_snapshot()
    {
        var engine = new ScanEngine(new ScanThresholds(), 10, 50);
        engine.Scan(Snapshot(MarketOpen, Market), Enrichment);

        var second = engine.Scan(Snapshot(MarketOpen, Quote("SOLO", 12, 10, 12, 500_000)), FlatBaselines("SOLO"));

        Assert.Equal(1, second.TickersIn);
        Assert.Equal(["SOLO"], second.Filtered.Select(r => r.Symbol));
        Assert.Equal(["SOLO"], Ranked(second, "gappers_up"));
        Assert.Empty(Ranked(second, "gappers_down"));
        Assert.Equal(5, second.Categories.Single(c => c.Name == "high_volume").Rows.Single().Rvol);
    }

    [Fact]
    public void Custom_categories_and_thresholds_drive_the_engine()
    {
        var bigGaps = new ScanThresholds { GapPercent = 25 };
        var engine = new ScanEngine(bigGaps, 10, 50, [ScanCategories.Find("gappers_up")!, ScanCategories.Find("gappers_down")!]);

        var result = engine.Scan(Snapshot(MarketOpen, Market), Enrichment);

        Assert.Equal(["gappers_up", "gappers_down"], result.Categories.Select(c => c.Name));
        Assert.Equal(["NOBL", "UPA"], Ranked(result, "gappers_up"));
        Assert.Equal(["DNB"], Ranked(result, "gappers_down"));
    }
}
