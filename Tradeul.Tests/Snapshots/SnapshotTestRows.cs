using System.Text;
using Tradeul.Shared.Snapshots;

namespace Tradeul.Tests.Snapshots;

internal static class SnapshotTestRows
{
    /// <summary>A market-like row: symbol key, a compact text record of quote fields.</summary>
    public static SnapshotRow Quote(string symbol, double price, long volume, double changePercent) =>
        new(symbol, Encoding.UTF8.GetBytes(FormattableString.Invariant($"{{\"p\":{price:F2},\"v\":{volume},\"c\":{changePercent:F2}}}")));

    public static List<SnapshotRow> Market(int count, int seed)
    {
        var random = new Random(seed);
        var rows = new List<SnapshotRow>(count);
        for (var i = 0; i < count; i++)
        {
            rows.Add(Quote(Symbol(i), 5 + random.NextDouble() * 200, random.Next(1_000, 5_000_000), random.NextDouble() * 20 - 10));
        }
        return rows;
    }

    public static string Symbol(int i)
    {
        Span<char> letters = stackalloc char[4];
        for (var k = 3; k >= 0; k--)
        {
            letters[k] = (char)('A' + i % 26);
            i /= 26;
        }
        return new string(letters);
    }

    public static void AssertSameRows(IReadOnlyList<SnapshotRow> expected, IReadOnlyList<SnapshotRow> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Key, actual[i].Key);
            Assert.True(expected[i].Value.AsSpan().SequenceEqual(actual[i].Value), $"Row {i} ({expected[i].Key}) differs.");
        }
    }
}
