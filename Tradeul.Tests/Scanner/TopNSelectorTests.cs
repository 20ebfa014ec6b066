using Tradeul.Scanner.Compute;

namespace Tradeul.Tests.Scanner;

/// <summary>The bounded heap against the obvious LINQ definition: highest key first, lowest index on a tie.</summary>
public sealed class TopNSelectorTests
{
    private static int[] Reference(IEnumerable<(double Key, int Index)> candidates, int capacity) =>
        candidates.Where(c => !double.IsNaN(c.Key))
            .OrderByDescending(c => c.Key).ThenBy(c => c.Index)
            .Take(capacity).Select(c => c.Index).ToArray();

    private static int[] Run(TopNSelector selector, IEnumerable<(double Key, int Index)> candidates, int capacity)
    {
        selector.Clear();
        foreach (var (key, index) in candidates)
        {
            selector.Offer(key, index);
        }
        var destination = new int[capacity];
        var count = selector.Drain(destination);
        Assert.Equal(0, selector.Count);
        return destination[..count];
    }

    private static double RandomKey(Random random, int style) => style switch
    {
        // Few distinct keys: ties everywhere.
        0 => random.Next(-3, 4),
        // Continuous keys with the odd special value.
        _ => random.Next(40) switch
        {
            0 => double.NaN,
            1 => double.PositiveInfinity,
            2 => double.NegativeInfinity,
            3 => 0,
            _ => (random.NextDouble() - 0.5) * 200,
        },
    };

    [Fact]
    public void Matches_linq_for_many_random_inputs()
    {
        for (var seed = 0; seed < 500; seed++)
        {
            var random = new Random(seed);
            var capacity = random.Next(1, 40);
            var count = random.Next(0, 300);
            var style = seed % 2;
            var candidates = Enumerable.Range(0, count).Select(i => (Key: RandomKey(random, style), Index: i)).ToArray();
            // Offer order must not matter: the index alone breaks ties.
            var offered = seed % 3 == 0 ? candidates : candidates.OrderBy(_ => random.Next()).ToArray();

            var actual = Run(new TopNSelector(capacity), offered, capacity);

            Assert.True(Reference(candidates, capacity).SequenceEqual(actual), $"seed {seed}: capacity {capacity}, {count} candidates");
        }
    }

    [Fact]
    public void A_reused_selector_matches_linq_every_time()
    {
        var random = new Random(2026);
        const int capacity = 25;
        var selector = new TopNSelector(capacity);
        for (var round = 0; round < 200; round++)
        {
            var candidates = Enumerable.Range(0, random.Next(0, 120)).Select(i => (Key: RandomKey(random, round % 2), Index: i)).ToArray();
            if (round % 5 == 0)
            {
                // Leave rows behind: the next run must Clear them.
                selector.Offer(1e9, -1);
            }
            Assert.Equal(Reference(candidates, capacity), Run(selector, candidates, capacity));
        }
    }

    [Fact]
    public void Keeps_the_best_with_ties_to_the_lowest_index()
    {
        var selector = new TopNSelector(3);
        selector.Offer(5, 4);
        selector.Offer(7, 9);
        selector.Offer(5, 2);
        selector.Offer(5, 3);
        selector.Offer(1, 0);
        selector.Offer(double.NaN, 1);
        Assert.Equal(3, selector.Count);

        var destination = new int[3];
        Assert.Equal(3, selector.Drain(destination));
        Assert.Equal([9, 2, 3], destination);
    }

    [Fact]
    public void Nan_keys_are_never_kept()
    {
        var selector = new TopNSelector(4);
        selector.Offer(double.NaN, 0);
        selector.Offer(double.NaN, 1);
        Assert.Equal(0, selector.Count);
        selector.Offer(-1, 2);
        Assert.Equal(1, selector.Drain(new int[4]));
    }
}
