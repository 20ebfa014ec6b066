namespace Tradeul.Shared.Market;

/// <summary>A decoded whole-market snapshot. <see cref="Quotes"/> may be longer than <see cref="Count"/> (a reused buffer).</summary>
public sealed class RawSnapshot
{
    public long Sequence { get; internal set; }
    public DateTimeOffset AsOf { get; internal set; }
    public int Count { get; internal set; }
    public MarketQuote[] Quotes { get; internal set; } = [];

    public ReadOnlySpan<MarketQuote> Rows => Quotes.AsSpan(0, Count);
}
