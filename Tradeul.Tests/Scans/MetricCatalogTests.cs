using System.Text.Json;
using Tradeul.Scanner.Catalog;
using Tradeul.Scanner.Scans;

namespace Tradeul.Tests.Scans;

public sealed class MetricCatalogTests
{
    [Fact]
    public void Ordinals_are_positions_and_names_are_unique_lower_snake_case()
    {
        for (var i = 0; i < MetricCatalog.All.Count; i++)
        {
            Assert.Equal(i, MetricCatalog.All[i].Ordinal);
            Assert.Matches("^[a-z][a-z0-9_]*$", MetricCatalog.All[i].Name);
        }
        Assert.Equal(MetricCatalog.All.Count, MetricCatalog.All.Select(f => f.Name).Distinct().Count());
        Assert.Empty(MetricCatalog.All.Select(f => f.Name).Intersect(ScanLanguage.Functions));
    }

    [Fact]
    public void It_holds_the_ranking_metrics_reference_data_and_windows()
    {
        string[] required =
        [
            "price", "change_percent", "gap_percent", "change_from_open_percent", "vwap_distance_percent", "from_high_percent",
            "from_low_percent", "rvol", "volume", "dollar_volume", "float_rotation", "market_cap", "float_shares",
            "shares_outstanding", "avg_volume", "sector", "exchange", "change_1min_percent", "change_5min_percent",
            "change_15min_percent", "change_30min_percent", "change_60min_percent", "volume_1min", "volume_5min",
            "volume_15min", "range_percent", "move_percent", "score",
        ];
        Assert.All(required, name => Assert.NotNull(MetricCatalog.Find(name)));
        Assert.Same(MetricCatalog.Rvol, MetricCatalog.Find("RVOL"));
        Assert.Same(MetricCatalog.Volume5Min, MetricCatalog.Find("x volume_5MIN".AsSpan(2)));
        Assert.Null(MetricCatalog.Find("rvoll"));
    }

    [Fact]
    public void A_field_serializes_as_name_unit_source_description_and_rule()
    {
        var json = JsonSerializer.Serialize(MetricCatalog.Change5MinPercent, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(["name", "unit", "source", "description", "rule"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("change_5min_percent", root.GetProperty("name").GetString());
        Assert.Equal("percent", root.GetProperty("unit").GetString());
        Assert.Equal("window", root.GetProperty("source").GetString());
        Assert.Contains("at most 15 s older", root.GetProperty("rule").GetString(), StringComparison.Ordinal);
        Assert.Equal("text", JsonSerializer.SerializeToElement(MetricCatalog.Sector).GetProperty("Unit").GetString());
    }
}
