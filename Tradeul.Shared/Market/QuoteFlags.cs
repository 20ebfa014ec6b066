namespace Tradeul.Shared.Market;

/// <summary>
/// What Ingest did to, or found about, one row before publishing it. Providers deliver
/// <see cref="None"/>; <c>snapshots:raw</c> carries the flags per row from format version 2.
/// </summary>
[Flags]
public enum QuoteFlags
{
    None = 0,

    /// <summary>
    /// A split executes today (its ex-date, America/New_York) and the row's previous close was
    /// divided by <see cref="MarketQuote.SplitRatio"/>, so change and gap compare like with like.
    /// </summary>
    SplitAdjusted = 1 << 0,

    /// <summary>
    /// The price against the previous close looks like a split no known split explains (or
    /// today's splits could not be fetched): change and gap would compare different share
    /// counts, so they must not be ranked.
    /// </summary>
    SplitUnresolved = 1 << 1,
}
