using System.Buffers;
using System.Text.Json;
using Tradeul.Scanner.Compute;
using Tradeul.Scanner.Publishing;

namespace Tradeul.Tests.Scanner;

/// <summary>Ranking deltas: applying the delta to the previous ranking gives the current one, exactly and cheaply.</summary>
public sealed class RankingDeltaTests
{
    internal static RankedRow Row(string symbol, double value, bool withGaps = false) => new(
        symbol, Price: 10 + value, ChangePercent: value, GapPercent: withGaps ? double.NaN : value / 2, ChangeFromOpenPercent: double.NaN,
        Volume: 1_000 + (long)Math.Abs(value * 100), Rvol: withGaps ? double.NaN : 1.5, VwapDistancePercent: 0.25,
        FromHighPercent: 1, FromLowPercent: 2, FloatRotation: double.NaN, Score: Math.Abs(value),
        Name: withGaps ? null : $"{symbol} Corp", Sector: null, MarketCap: withGaps ? null : 1_000_000m);

    private static RankedRow[] Ranking(int count, Func<int, string>? symbol = null) =>
        Enumerable.Range(0, count).Select(i => Row(symbol?.Invoke(i) ?? $"S{i:00}", 100 - i, withGaps: i % 3 == 0)).ToArray();

    private static RankedRow[] RandomRanking(Random random, int universe) =>
        Enumerable.Range(0, universe).Where(_ => random.Next(3) > 0).OrderBy(_ => random.Next())
            .Take(random.Next(0, universe)).Select(i => Row($"T{i}", random.Next(-3, 4), withGaps: random.Next(4) == 0)).ToArray();

    /// <summary>The next cycle of a ranking: some rows leave, some arrive, some change, some move.</summary>
    private static RankedRow[] Evolve(Random random, RankedRow[] previous, int universe)
    {
        var rows = previous.Where(_ => random.Next(8) > 0).ToList();
        for (var i = 0; i < rows.Count; i++)
        {
            if (random.Next(4) == 0)
            {
                rows[i] = rows[i] with { ChangePercent = rows[i].ChangePercent + random.Next(1, 3), Volume = rows[i].Volume + 1 };
            }
        }
        for (var moves = random.Next(0, 4); moves > 0 && rows.Count > 1; moves--)
        {
            var from = random.Next(rows.Count);
            var row = rows[from];
            rows.RemoveAt(from);
            rows.Insert(random.Next(rows.Count + 1), row);
        }
        var present = rows.Select(r => r.Symbol).ToHashSet();
        for (var adds = random.Next(0, 4); adds > 0; adds--)
        {
            var symbol = $"T{random.Next(universe)}";
            if (present.Add(symbol))
            {
                rows.Insert(random.Next(rows.Count + 1), Row(symbol, random.Next(-5, 6)));
            }
        }
        return [.. rows];
    }

    private static int LongestIncreasingRun(IReadOnlyList<int> values)
    {
        var best = new int[values.Count];
        var longest = 0;
        for (var i = 0; i < values.Count; i++)
        {
            best[i] = 1;
            for (var j = 0; j < i; j++)
            {
                if (values[j] < values[i])
                {
                    best[i] = Math.Max(best[i], best[j] + 1);
                }
            }
            longest = Math.Max(longest, best[i]);
        }
        return longest;
    }

    /// <summary>Rebuild is exact, and every operation is needed: one per add, remove and changed row, and only the moves off one longest kept run.</summary>
    private static void AssertDeltaIsExactAndMinimal(RankedRow[] previous, RankedRow[] current, string context)
    {
        var ops = RankingDelta.Compute(previous, current);

        var rebuilt = RankingDelta.Apply(previous, ops);
        Assert.True(current.SequenceEqual(rebuilt), $"{context}: rebuilt ranking differs from the current one.");

        var before = previous.Select((r, i) => (r, i)).ToDictionary(x => x.r.Symbol, x => x.i);
        var after = current.Select(r => r.Symbol).ToHashSet();
        Assert.Equal(previous.Count(r => !after.Contains(r.Symbol)), ops.Count(o => o.Kind == RankingOpKind.Remove));
        var adds = ops.Where(o => o.Kind == RankingOpKind.Add).ToArray();
        Assert.Equal(current.Count(r => !before.ContainsKey(r.Symbol)), adds.Length);
        Assert.All(adds, a => Assert.Equal(current[a.Rank - 1], a.Row));
        var kept = current.Where(r => before.ContainsKey(r.Symbol)).ToArray();
        Assert.Equal(kept.Count(r => previous[before[r.Symbol]] != r), ops.Count(o => o.Kind == RankingOpKind.Update));
        var reranks = ops.Where(o => o.Kind == RankingOpKind.Rerank).ToArray();
        Assert.Equal(kept.Length - LongestIncreasingRun(kept.Select(r => before[r.Symbol]).ToArray()), reranks.Length);
        Assert.All(reranks, r => Assert.Equal(r.Symbol, current[r.Rank - 1].Symbol));
    }

    [Fact]
    public void Apply_of_compute_rebuilds_random_rankings_exactly()
    {
        for (var seed = 0; seed < 1_500; seed++)
        {
            var random = new Random(seed);
            var universe = random.Next(1, 80);
            var previous = seed % 10 == 9 ? [] : RandomRanking(random, universe);
            var current = (seed % 5) switch
            {
                0 => RandomRanking(random, universe),   // unrelated
                1 => [],                                // everything left
                _ => Evolve(random, previous, universe),
            };
            AssertDeltaIsExactAndMinimal(previous, current, $"seed {seed}");
        }
    }

    [Fact]
    public void A_ranking_evolving_over_many_cycles_stays_exact()
    {
        var random = new Random(11);
        var ranking = RandomRanking(random, 150);
        for (var cycle = 0; cycle < 500; cycle++)
        {
            var next = Evolve(random, ranking, 150);
            AssertDeltaIsExactAndMinimal(ranking, next, $"cycle {cycle}");
            ranking = RankingDelta.Apply(ranking, RankingDelta.Compute(ranking, next));
        }
    }

    [Fact]
    public void Both_empty_is_no_operation()
    {
        Assert.Empty(RankingDelta.Compute([], []));
        Assert.Empty(RankingDelta.Apply([], []));
    }

    [Fact]
    public void An_unchanged_ranking_costs_nothing()
    {
        var ranking = Ranking(60);
        var copy = ranking.ToArray();

        Assert.Empty(RankingDelta.Compute(ranking, copy));
    }

    [Fact]
    public void Unknown_values_compare_equal_to_themselves()
    {
        // NaN metrics (no open, no baseline) must not look like a change every cycle.
        var row = Row("NOPEN", 3, withGaps: true);
        Assert.True(double.IsNaN(row.GapPercent));

        Assert.Empty(RankingDelta.Compute([row], [row with { }]));
    }

    [Fact]
    public void One_ticker_climbing_from_rank_50_to_3_is_one_rerank()
    {
        var previous = Ranking(60);
        var current = previous.ToList();
        var climber = current[49];
        current.RemoveAt(49);
        current.Insert(2, climber);

        var ops = RankingDelta.Compute(previous, current);

        var op = Assert.Single(ops);
        Assert.Equal(RankingOpKind.Rerank, op.Kind);
        Assert.Equal("S49", op.Symbol);
        Assert.Equal(3, op.Rank);
        Assert.Equal(current, RankingDelta.Apply(previous, ops));
    }

    [Fact]
    public void One_changed_value_is_one_update()
    {
        var previous = Ranking(20);
        var current = previous.ToArray();
        current[7] = current[7] with { Price = 123.45 };

        var op = Assert.Single(RankingDelta.Compute(previous, current));

        Assert.Equal(new RankingOp(RankingOpKind.Update, "S07", 0, current[7], RankedRowFields.Price), op);
    }

    [Fact]
    public void A_newcomer_pushing_everyone_down_is_one_add()
    {
        var previous = Ranking(10);
        var current = previous.Prepend(Row("NEW", 500)).ToArray();

        var op = Assert.Single(RankingDelta.Compute(previous, current));

        Assert.Equal(new RankingOp(RankingOpKind.Add, "NEW", 1, current[0]), op);
    }

    [Fact]
    public void A_leaver_pulling_everyone_up_is_one_remove()
    {
        var previous = Ranking(10);
        var current = previous.Where(r => r.Symbol != "S04").ToArray();

        var op = Assert.Single(RankingDelta.Compute(previous, current));

        Assert.Equal(RankingOpKind.Remove, op.Kind);
        Assert.Equal("S04", op.Symbol);
        Assert.Equal(current, RankingDelta.Apply(previous, [op]));
    }

    [Fact]
    public void Operations_are_written_as_json()
    {
        var previous = Ranking(4);
        RankedRow[] current = [previous[2], previous[0] with { Price = 1.5, Volume = 7 }, Row("NEW", 9), previous[1]];
        var ops = RankingDelta.Compute(previous, current);

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            RankingDelta.WriteOps(writer, ops);
        }
        using var json = JsonDocument.Parse(buffer.WrittenMemory);

        var written = json.RootElement.EnumerateArray().Select(e => (
            Op: e.GetProperty("op").GetString()!,
            Symbol: e.GetProperty("symbol").GetString()!,
            Rank: e.TryGetProperty("rank", out var rank) ? rank.GetInt32() : 0,
            Row: e.TryGetProperty("row", out var row) ? RankedRowJson.Read(System.Text.Encoding.UTF8.GetBytes(row.GetRawText())) : (RankedRow?)null)).ToArray();
        Assert.Equal(ops.Count, written.Length);
        Assert.Contains(("remove", "S03", 0, (RankedRow?)null), written);
        Assert.Contains(("add", "NEW", 3, (RankedRow?)current[2]), written);
        Assert.Contains(("rerank", "S02", 1, (RankedRow?)null), written);
        // An update carries the changed fields alone, not the row.
        var update = json.RootElement.EnumerateArray().Single(e => e.GetProperty("op").GetString() == "update");
        Assert.Equal("S00", update.GetProperty("symbol").GetString());
        Assert.False(update.TryGetProperty("row", out _));
        var fields = update.GetProperty("fields").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetRawText());
        Assert.Equal(new Dictionary<string, string> { ["price"] = "1.5", ["volume"] = "7" }, fields);
    }

    [Fact]
    public void Changed_fields_name_exactly_the_fields_that_differ()
    {
        var row = Row("A", 3);
        Assert.Equal(RankedRowFields.None, RankedRowChanges.Between(row, row with { }));
        Assert.Equal(RankedRowFields.None, RankedRowChanges.Between(Row("N", 1, withGaps: true), Row("N", 1, withGaps: true)));
        Assert.Equal(RankedRowFields.Volume | RankedRowFields.Score, RankedRowChanges.Between(row, row with { Volume = 1, Score = 99 }));
        Assert.Equal(RankedRowFields.Name | RankedRowFields.MarketCap, RankedRowChanges.Between(row, row with { Name = null, MarketCap = 2m }));
        Assert.Equal(RankedRowFields.Rvol, RankedRowChanges.Between(row, row with { Rvol = double.NaN }));
        var everything = new RankedRow("A", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, "x", "y", 12m) { SplitRatio = 0.04 };
        var other = new RankedRow("A", -1, -2, -3, -4, -5, -6, -7, -8, -9, -10, -11, "p", "q", -12m) { SplitUnresolved = true };
        Assert.Equal(RankedRowFields.Split, RankedRowChanges.Between(row, row with { SplitUnresolved = true }));
        Assert.Equal(RankedRowFields.All, RankedRowChanges.Between(everything, other));
    }
}
