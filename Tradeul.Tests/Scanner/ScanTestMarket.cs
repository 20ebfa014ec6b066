using System.Collections.Frozen;
using Tradeul.Scanner.Enrichment;
using Tradeul.Shared.Market;

namespace Tradeul.Tests.Scanner;

/// <summary>Hand-made market snapshots, built the way the scanner receives them: encoded, then decoded.</summary>
internal static class ScanTestMarket
{
    /// <summary>Tuesday 24 November 2026, 10:30 New York (EST): MARKET_OPEN, minute 390 of the RVOL day.</summary>
    public static readonly DateTimeOffset MarketOpen = new(2026, 11, 24, 15, 30, 0, TimeSpan.Zero);

    /// <summary>Same day, 08:00 New York: PRE_MARKET.</summary>
    public static readonly DateTimeOffset PreMarket = new(2026, 11, 24, 13, 0, 0, TimeSpan.Zero);

    /// <summary>Same day, 16:30 New York: POST_MARKET.</summary>
    public static readonly DateTimeOffset PostMarket = new(2026, 11, 24, 21, 30, 0, TimeSpan.Zero);

    /// <summary>Same day, 21:00 New York: CLOSED.</summary>
    public static readonly DateTimeOffset Closed = new(2026, 11, 25, 2, 0, 0, TimeSpan.Zero);

    /// <summary>Every slot expects 100,000 shares, so RVOL = volume / 100,000 at any time of day.</summary>
    public const double FlatBaselineShares = 100_000;

    /// <summary>A traded ticker: last = <paramref name="price"/>, high and low around it, VWAP at the price.</summary>
    public static MarketQuote Quote(string symbol, double price, double prevClose, double open, long volume) =>
        new(symbol, price, prevClose, open, High: price * 1.01, Low: Math.Min(price, open) * 0.99, Close: price, volume, Vwap: price,
            AccumulatedVolume: volume, UpdatedUnixMs: MarketOpen.ToUnixTimeMilliseconds() - 500, Bid: price - 0.01, Ask: price + 0.01);

    /// <summary>Encodes and decodes with a fresh decoder, so each snapshot owns its buffers.</summary>
    public static RawSnapshot Snapshot(DateTimeOffset asOf, params MarketQuote[] quotes)
    {
        var data = new RawSnapshotEncoder().Encode(quotes, asOf);
        return new RawSnapshotDecoder().Decode(RawSnapshotFormat.Version, 42, asOf.ToUnixTimeMilliseconds(), quotes.Length, data);
    }

    /// <summary>A flat baseline for every listed symbol; the others have no enrichment at all.</summary>
    public static FrozenDictionary<string, TickerEnrichment> FlatBaselines(params string[] symbols)
    {
        var baseline = Enumerable.Repeat(FlatBaselineShares, RvolSlots.Count).ToArray();
        return symbols.ToFrozenDictionary(s => s, s => new TickerEnrichment(
            new TickerMetadata(s, $"{s} Inc.", "XNYS", "Industrials", 5_000_000_000m, 50_000_000, 60_000_000, 2_000_000), baseline),
            StringComparer.Ordinal);
    }
}
