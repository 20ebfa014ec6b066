using Tradeul.Scanner.Catalog;
using Tradeul.Scanner.Scans;
using Tradeul.Shared.Market;

namespace Tradeul.Tests.Scans;

/// <summary>Compiled, column-wise evaluation against the straightforward meaning of each expression, row by row.</summary>
public sealed class ScanEvaluationTests
{
    private static string[] Expected(MetricColumns columns, RandomScans.ConditionMeaning filter, RandomScans.NumberMeaning sort, bool descending, int limit, out int matched)
    {
        var rows = Enumerable.Range(0, columns.Count)
            .Where(r => filter(columns, r) && !double.IsNaN(sort(columns, r)))
            .ToArray();
        matched = rows.Length;
        return rows
            .OrderBy(r => descending ? -sort(columns, r) : sort(columns, r))
            .ThenBy(r => columns.Symbol(r), StringComparer.Ordinal)
            .Take(limit)
            .Select(columns.Symbol)
            .ToArray();
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(64)]
    [InlineData(63)]
    [InlineData(3)]
    public void Random_scans_over_random_columns_match_a_row_by_row_evaluation(int rows)
    {
        var random = new Random(rows);
        var columns = RandomScans.Columns(random, rows);
        var evaluator = new ScanEvaluator();
        for (var i = 0; i < 400; i++)
        {
            var (filterText, filter) = RandomScans.Condition(random, 3);
            var (sortText, sort) = RandomScans.Number(random, 2);
            var descending = random.Next(2) == 0;
            var limit = random.Next(1, 201);
            var scan = ScanLanguage.Compile(new ScanDefinition(filterText, sortText, descending, limit));
            var matches = new ScanMatches(scan.Id, limit);
            evaluator.Evaluate(scan, columns, matches);

            var expected = Expected(columns, filter, sort, descending, limit, out var matched);
            Assert.True(expected.SequenceEqual(matches.Symbols(columns)), $"filter {filterText}, sort {sortText}, {(descending ? "desc" : "asc")}, limit {limit}");
            Assert.Equal(matched, matches.Matched);
        }
    }

    [Fact]
    public void A_condition_and_its_negation_split_every_row_nulls_included()
    {
        var random = new Random(7);
        var columns = RandomScans.Columns(random, 777);
        for (var row = 0; row < columns.Count; row++)
        {
            columns.SetNumber(MetricCatalog.Score, row, row);
        }
        for (var i = 0; i < 200; i++)
        {
            var (text, _) = RandomScans.Condition(random, 3);
            var yes = ScanLanguage.Compile(new ScanDefinition(text, "score", Limit: 200)).Evaluate(columns);
            var no = ScanLanguage.Compile(new ScanDefinition($"not ({text})", "score", Limit: 200)).Evaluate(columns);
            Assert.Equal(columns.Count, yes.Matched + no.Matched);
        }
    }

    private static MetricColumns Tiny(params (string Symbol, double Price, double Volume, string? Sector)[] rows)
    {
        var columns = new MetricColumns();
        columns.Reset(rows.Length, DateTimeOffset.UnixEpoch, MarketSession.MarketOpen);
        for (var r = 0; r < rows.Length; r++)
        {
            columns.SetSymbol(r, rows[r].Symbol);
            foreach (var field in MetricCatalog.All.Where(f => !f.IsText))
            {
                columns.SetNumber(field, r, double.NaN);
            }
            columns.SetNumber(MetricCatalog.Price, r, rows[r].Price);
            columns.SetNumber(MetricCatalog.Volume, r, rows[r].Volume);
            columns.SetText(MetricCatalog.Sector, r, rows[r].Sector);
        }
        return columns;
    }

    private static IReadOnlyList<string> Run(MetricColumns columns, string filter, string sort = "price", bool descending = true, int limit = 50) =>
        ScanLanguage.Compile(new ScanDefinition(filter, sort, descending, limit)).Evaluate(columns).Symbols(columns);

    private static readonly MetricColumns Market = Tiny(
        ("AAA", 10, 0, "Technology"),
        ("BBB", 20, 100, "Healthcare"),
        ("CCC", double.NaN, 50, null),
        ("DDD", 5, 200, "technology"));

    [Fact]
    public void Division_by_zero_is_null_so_its_comparisons_are_false()
    {
        Assert.Equal(["BBB", "DDD"], Run(Market, "price / volume >= 0", "volume", descending: false));
        Assert.Equal(["BBB", "DDD"], Run(Market, "price / volume < 1000000", "volume", descending: false));
        Assert.Equal(["AAA", "CCC"], Run(Market, "not (price / volume >= 0)", "volume", descending: false));
        Assert.Empty(Run(Market, "1 / 0 == 1 / 0"));
        Assert.Equal(["BBB", "DDD"], Run(Market, "volume > 0", "price / volume"));
    }

    [Fact]
    public void A_null_field_makes_its_comparisons_false_and_not_true()
    {
        Assert.Equal(["DDD", "BBB", "AAA"], Run(Market, "price > 0 or price <= 0", "volume"));
        Assert.Equal(["CCC"], Run(Market, "not (price > 0 or price <= 0)", "volume"));
        Assert.Equal(["CCC"], Run(Market, "not price != 10 and not price == 10", "volume"));
        Assert.Equal(["AAA", "DDD"], Run(Market, "price != 20"));
        Assert.Equal(["CCC"], Run(Market, "not sector in (\"technology\", \"healthcare\")", "volume"));
        Assert.Equal(["BBB"], Run(Market, "sector not in (\"technology\")"));
        Assert.Equal(["BBB"], Run(Market, "sector != \"TECHNOLOGY\""));
        Assert.Equal(["AAA", "DDD"], Run(Market, "sector == 'Technology'"));
        Assert.Empty(Run(Market, "sector == 'Utilities'"));
        Assert.Equal(["BBB", "AAA", "DDD"], Run(Market, "sector != 'Utilities'"));
        Assert.Equal(["CCC"], Run(Market, "not price + 1 > 0", "volume"));
        Assert.Equal(["CCC"], Run(Market, "not min(price, volume) < 1000", "volume"));
    }

    [Fact]
    public void Rows_with_a_null_sort_key_are_left_out_and_ties_go_by_symbol()
    {
        var columns = Tiny(("ZZZ", 10, 1, null), ("MMM", 10, 1, null), ("AAA", 10, 1, null), ("NAN", double.NaN, 1, null), ("TOP", 11, 1, null));
        var matches = ScanLanguage.Compile(new ScanDefinition("", "price", true, 3)).Evaluate(columns);
        Assert.Equal(["TOP", "AAA", "MMM"], matches.Symbols(columns));
        Assert.Equal(4, matches.Matched);
        Assert.Equal(["AAA", "MMM", "ZZZ"], Run(columns, "", descending: false, limit: 3));
    }

    [Fact]
    public void An_empty_filter_takes_every_row_and_a_constant_one_all_or_none()
    {
        Assert.Equal(3, Run(Market, "", limit: 10).Count);
        Assert.Equal(3, Run(Market, "1 < 2", limit: 10).Count);
        Assert.Empty(Run(Market, "1 > 2 and price > 0"));
        Assert.Equal(3, Run(Market, "1 > 2 or price > 0").Count);
        Assert.Equal(["AAA", "BBB", "CCC", "DDD"], Run(Market, "", "1", limit: 10));
    }

    [Fact]
    public void A_scan_set_evaluates_each_distinct_definition_once_and_counts_watchers()
    {
        var set = new ScanSet();
        var a = ScanLanguage.Compile(new ScanDefinition("price > 6", "price"));
        var sameAsA = ScanLanguage.Compile(new ScanDefinition("PRICE>6", "(price)"));
        var b = ScanLanguage.Compile(new ScanDefinition("volume >= 100", "volume"));
        Assert.Equal(a.Id, set.Add(a));
        Assert.Equal(a.Id, set.Add(sameAsA));
        set.Add(b);
        Assert.Equal(2, set.Count);

        set.Evaluate(Market);
        Assert.Equal(["BBB", "AAA"], set.Matches(a.Id)!.Symbols(Market));
        Assert.Equal(["DDD", "BBB"], set.Matches(b.Id)!.Symbols(Market));

        Assert.True(set.Remove(a.Id));
        Assert.NotNull(set.Matches(a.Id));
        Assert.True(set.Remove(a.Id));
        Assert.Null(set.Matches(a.Id));
        Assert.False(set.Remove(a.Id));
        Assert.Equal(1, set.Count);
    }

    [Fact]
    public void A_scan_set_that_shares_work_between_scans_gives_each_the_result_it_has_alone()
    {
        var random = new Random(11);
        var scans = Enumerable.Range(0, 300).Select(_ => ScanLanguage.Compile(new ScanDefinition(
            RandomScans.Condition(random, 2).Text, RandomScans.Number(random, 1).Text, random.Next(2) == 0, random.Next(1, 201)))).ToArray();
        var set = new ScanSet();
        foreach (var scan in scans)
        {
            set.Add(scan);
        }
        // Two cycles with other values (and other row counts): nothing of the first may leak into the second.
        foreach (var columns in new[] { RandomScans.Columns(random, 900), RandomScans.Columns(random, 700) })
        {
            set.Evaluate(columns);
            foreach (var scan in scans)
            {
                var alone = scan.Evaluate(columns);
                var shared = set.Matches(scan.Id)!;
                Assert.Equal(alone.Symbols(columns), shared.Symbols(columns));
                Assert.Equal(alone.Matched, shared.Matched);
            }
            Assert.InRange(set.SharedResults, 1, scans.Sum(s => s.Program.Instructions.Count(i => i.ShareKey is not null)) - 1);
        }
    }

    [Fact]
    public void Fields_and_conditions_of_a_scan_are_listed()
    {
        var scan = ScanLanguage.Compile(new ScanDefinition("between(rvol, 1, 5) and sector == 'x' and volume_5min > 1k", "change_5min_percent"));
        Assert.Equal(new[] { "volume_5min", "change_5min_percent", "rvol", "sector" }.Order(), scan.Fields.Select(f => f.Name).Order());
        Assert.Equal(4, scan.Conditions);
    }
}
