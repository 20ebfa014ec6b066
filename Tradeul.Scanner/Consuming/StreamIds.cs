using StackExchange.Redis;

namespace Tradeul.Scanner.Consuming;

/// <summary>Orders Redis stream ids ("ms-seq") numerically, as Redis does.</summary>
public static class StreamIds
{
    public static int Compare(RedisValue a, RedisValue b)
    {
        var (aMs, aSeq) = Parse(a);
        var (bMs, bSeq) = Parse(b);
        return aMs != bMs ? aMs.CompareTo(bMs) : aSeq.CompareTo(bSeq);
    }

    private static (ulong Ms, ulong Seq) Parse(RedisValue id)
    {
        var text = (string?)id ?? "0-0";
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        return dash < 0
            ? (ulong.Parse(text, System.Globalization.CultureInfo.InvariantCulture), 0)
            : (ulong.Parse(text.AsSpan(0, dash), System.Globalization.CultureInfo.InvariantCulture), ulong.Parse(text.AsSpan(dash + 1), System.Globalization.CultureInfo.InvariantCulture));
    }
}
