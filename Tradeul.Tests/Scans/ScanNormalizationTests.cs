using Tradeul.Scanner.Scans;

namespace Tradeul.Tests.Scans;

/// <summary>The canonical text and the id: the same question prints the same however it is written, and printing is a fixed point.</summary>
public sealed class ScanNormalizationTests
{
    [Theory]
    [InlineData("PRICE>5   AND  Volume>=200K", "price > 5 and volume >= 200000")]
    [InlineData("(price > 5) and ((volume > 1m))", "price > 5 and volume > 1000000")]
    [InlineData("volume_5min > 200k and volume_5min < 2.5M or market_cap > 1b", "volume_5min > 200000 and volume_5min < 2500000 or market_cap > 1000000000")]
    [InlineData("price > 1.5K", "price > 1500")]
    [InlineData("price > 1e3", "price > 1000")]
    [InlineData("price > 0.10", "price > 0.1")]
    [InlineData("price > .5", "price > 0.5")]
    [InlineData("sector IN ('Technology', \"healthcare\", 'technology')", "sector in (\"healthcare\", \"technology\")")]
    [InlineData("sector NOT IN ('Energy')", "sector not in (\"energy\")")]
    [InlineData("Sector = 'Technology'", "sector == \"technology\"")]
    [InlineData("'Technology' != sector", "\"technology\" != sector")]
    [InlineData("not (price > 5 and volume > 1)", "not (price > 5 and volume > 1)")]
    [InlineData("NOT price > 5", "not price > 5")]
    [InlineData("not (price > 5)", "not price > 5")]
    [InlineData("price - (volume - 1) > 0", "price - (volume - 1) > 0")]
    [InlineData("(price - volume) - 1 > 0", "price - volume - 1 > 0")]
    [InlineData("price * (volume + 1) > 0", "price * (volume + 1) > 0")]
    [InlineData("(price * volume) + 1 > 0", "price * volume + 1 > 0")]
    [InlineData("a_b", "a_b")]
    [InlineData("-(-price) > 1", "--price > 1")]
    [InlineData("price > -5", "price > -5")]
    [InlineData("(price > 1 or volume > 1) and rvol > 2", "(price > 1 or volume > 1) and rvol > 2")]
    [InlineData("price > 1 or (volume > 1 and rvol > 2)", "price > 1 or volume > 1 and rvol > 2")]
    [InlineData("ABS( change_percent )>=5", "abs(change_percent) >= 5")]
    [InlineData("Between(price,1,5)", "between(price, 1, 5)")]
    [InlineData("MAX(a,b , c)", "max(a, b, c)")]
    [InlineData("   ", "")]
    [InlineData("sector == \"say \\\"hi\\\"\"", "sector == \"say \\\"hi\\\"\"")]
    public void Normalised_text(string written, string normalized)
    {
        Assert.Equal(normalized, ScanLanguage.Normalize(written));
        Assert.Equal(normalized, ScanLanguage.Normalize(normalized));
    }

    [Fact]
    public void The_same_question_written_differently_has_one_id()
    {
        var a = ScanLanguage.Compile(new ScanDefinition("rvol >= 2 AND volume_5min > 200k", "change_5min_percent", true, 50));
        var b = ScanLanguage.Compile(new ScanDefinition("  ((RVOL>=2)) and Volume_5Min>200000 ", "(CHANGE_5MIN_PERCENT)", true, 50));
        Assert.Equal(a.Id, b.Id);
        Assert.Equal(a.Definition, b.Definition);
        Assert.Equal(12, a.Id.Length);
        Assert.Matches("^[A-Za-z0-9_-]{12}$", a.Id);
    }

    [Fact]
    public void Direction_limit_filter_and_sort_each_change_the_id()
    {
        var baseline = ScanLanguage.Compile(new ScanDefinition("rvol >= 2", "price", true, 50)).Id;
        Assert.NotEqual(baseline, ScanLanguage.Compile(new ScanDefinition("rvol >= 2", "price", false, 50)).Id);
        Assert.NotEqual(baseline, ScanLanguage.Compile(new ScanDefinition("rvol >= 2", "price", true, 51)).Id);
        Assert.NotEqual(baseline, ScanLanguage.Compile(new ScanDefinition("rvol >= 3", "price", true, 50)).Id);
        Assert.NotEqual(baseline, ScanLanguage.Compile(new ScanDefinition("rvol >= 2", "volume", true, 50)).Id);
        // Filter and sort cannot be confused with each other: "a" and "b" is not "a b" and "".
        Assert.NotEqual(ScanLanguage.Compile(new ScanDefinition("", "price", true, 50)).Id,
            ScanLanguage.Compile(new ScanDefinition("price > 0", "price", true, 50)).Id);
    }

    [Fact]
    public void Random_expressions_print_to_a_fixed_point_that_compiles_to_the_same_scan()
    {
        var random = new Random(20261207);
        for (var i = 0; i < 500; i++)
        {
            var (text, _) = RandomScans.Condition(random, 3);
            var once = ScanLanguage.Normalize(text);
            Assert.Equal(once, ScanLanguage.Normalize(once));
            var scan = ScanLanguage.Compile(new ScanDefinition(text, "price"));
            Assert.Equal(scan.Id, ScanLanguage.Compile(new ScanDefinition(RandomScans.Respell(random, text), "price")).Id);
            Assert.Equal(scan.Id, ScanLanguage.Compile(new ScanDefinition(once, "price")).Id);
        }
    }
}
