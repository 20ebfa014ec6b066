using System.Buffers;
using System.Text;
using System.Text.Json;
using Tradeul.Scanner.Compute;
using Tradeul.Scanner.Publishing;
using Tradeul.Shared.Market;
using static Tradeul.Tests.Scanner.ScanTestMarket;

namespace Tradeul.Tests.Scanner;

/// <summary>What the Scanner does with the split flags Ingest sets: RVOL on the new share count, unresolved rows out of change and gap rankings.</summary>
public sealed class SplitRowTests
{
    private static ScanResult Scan(params MarketQuote[] quotes) =>
        new ScanEngine(new ScanThresholds(), 10, 50).Scan(Snapshot(MarketOpen, quotes), FlatBaselines(quotes.Select(q => q.Symbol).ToArray()));

    private static RankedRow[] Ranked(ScanResult result, string category) => result.Categories.Single(c => c.Name == category).Rows;

    [Fact]
    public void An_adjusted_row_ranks_on_its_adjusted_change_with_the_RVOL_baseline_restated_in_post_split_shares()
    {
        // BIOL's figures after Ingest divided its previous close by 0.04 (1-for-25).
        var biol = Quote("BIOL", 4.2116, 4.8825, 4.31, 400_000) with { Flags = QuoteFlags.SplitAdjusted, SplitRatio = 0.04 };

        var result = Scan(biol);

        var row = Assert.Single(Ranked(result, "losers"));
        Assert.Equal(-13.74, row.ChangePercent);
        Assert.Equal(-11.73, row.GapPercent);
        // The baseline's 100,000 pre-split shares are 4,000 post-split: 400,000 / 4,000.
        Assert.Equal(100, row.Rvol);
        Assert.Equal(0.04, row.SplitRatio);
        Assert.False(row.SplitUnresolved);
        Assert.Equal(["BIOL"], Ranked(result, "gappers_down").Select(r => r.Symbol));
        Assert.Empty(Ranked(result, "gappers_up"));
    }

    [Fact]
    public void An_unresolved_row_has_no_change_or_gap_so_no_change_or_gap_category_holds_it()
    {
        var raw = Quote("NVCN", 6.42, 0.29, 6.81, 300_000);
        var unresolved = raw with { Flags = QuoteFlags.SplitUnresolved };

        var control = Scan(raw);
        Assert.Equal(["NVCN"], Ranked(control, "gappers_up").Select(r => r.Symbol)); // what it did before: +2248 %
        var result = Scan(unresolved);

        foreach (var category in new[] { "gappers_up", "gappers_down", "momentum_up", "momentum_down", "winners", "losers", "reversals" })
        {
            Assert.Empty(Ranked(result, category));
        }
        // Today's own prices are on today's share count, so its place against the day's high stands.
        Assert.Equal(["NVCN"], Ranked(result, "new_highs").Select(r => r.Symbol));
        var row = Assert.Single(Ranked(result, "high_volume"));
        Assert.True(double.IsNaN(row.ChangePercent));
        Assert.True(double.IsNaN(row.GapPercent));
        Assert.True(row.SplitUnresolved);
        Assert.Equal(0, row.SplitRatio);
        Assert.Equal(6, row.Score); // 2 x RVOL 3; no change or gap counted
        Assert.Equal(-5.73, row.ChangeFromOpenPercent); // the day's own prices still compare
    }

    [Fact]
    public void Split_fields_are_written_read_back_and_missing_from_older_rows_reads_as_none()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(buffer);
        var adjusted = new RankedRow("BIOL", 4.2116, -13.74, -11.73, -2.28, 453_199, 11.33, -4.67, 14.92, 0.04, 0.09, 42.3, "BIOL Inc.", "Healthcare", 50_000_000m)
        {
            SplitRatio = 0.04,
        };
        var unresolved = adjusted with { Symbol = "NVCN", SplitRatio = 0, SplitUnresolved = true };

        var json = RankedRowJson.ToBytes(adjusted, buffer, writer);
        using (var document = JsonDocument.Parse(json))
        {
            Assert.Equal(0.04, document.RootElement.GetProperty("split_ratio").GetDouble());
            Assert.False(document.RootElement.GetProperty("split_unresolved").GetBoolean());
        }
        Assert.Equal(adjusted, RankedRowJson.Read(json));
        Assert.Equal(unresolved, RankedRowJson.Read(RankedRowJson.ToBytes(unresolved, buffer, writer)));

        var older = Encoding.UTF8.GetString(json).Replace(",\"split_ratio\":0.04,\"split_unresolved\":false", "", StringComparison.Ordinal);
        Assert.DoesNotContain("split", older);
        Assert.Equal(adjusted with { SplitRatio = 0 }, RankedRowJson.Read(Encoding.UTF8.GetBytes(older)));
    }

    [Fact]
    public void A_delta_carries_the_split_fields_when_only_they_changed()
    {
        var before = new RankedRow("BIOL", 4.2116, -13.74, -11.73, -2.28, 453_199, 11.33, -4.67, 14.92, 0.04, 0.09, 42.3, null, null, null)
        {
            SplitUnresolved = true,
        };
        var after = before with { SplitUnresolved = false, SplitRatio = 0.04 };

        var op = Assert.Single(RankingDelta.Compute([before], [after]));

        Assert.Equal(RankingOpKind.Update, op.Kind);
        Assert.Equal(RankedRowFields.Split, op.Changed);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            RankingDelta.WriteOps(writer, [op]);
        }
        using var ops = JsonDocument.Parse(buffer.WrittenMemory);
        var fields = ops.RootElement[0].GetProperty("fields").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetRawText());
        Assert.Equal(new Dictionary<string, string> { ["split_ratio"] = "0.04", ["split_unresolved"] = "false" }, fields);
        Assert.Equal([after], RankingDelta.Apply([before], [op]));
    }
}
