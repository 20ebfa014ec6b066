using Tradeul.Ingest.Validation;
using Tradeul.Shared.Market;
using static Tradeul.Tests.Ingest.Validation.ValidationQuotes;

namespace Tradeul.Tests.Ingest.Validation;

/// <summary>A whole provider batch: good rows pass in order, every dropped row is counted under its reason.</summary>
public sealed class ValidationResultTests
{
    private static readonly Dictionary<string, int> NoProviderDrops = [];

    [Fact]
    public void Good_rows_around_every_kind_of_bad_row_pass_and_each_reason_is_counted()
    {
        MarketQuote[] quotes =
        [
            Good("AAPL"),
            Good(""),                                          // missing_symbol
            Good("   "),                                       // missing_symbol
            Good("MSFT"),
            Good("ÄBC"),                                       // invalid_symbol
            Good(new string('Z', 33)),                         // invalid_symbol
            Good("NVDA"),
            Good("ZERO") with { Price = 0 },                   // invalid_price
            Good("NEG") with { Price = -3 },                   // invalid_price
            Good("NAN") with { Price = double.NaN },           // invalid_price
            Good("INF") with { Price = double.PositiveInfinity }, // invalid_price
            Good("TSLA"),
            Good("VWNAN") with { Vwap = double.NaN },          // non_finite_value
            Good("HIINF") with { High = double.PositiveInfinity }, // non_finite_value
            Good("VOL") with { Volume = -1 },                  // negative_volume
            Good("ACC") with { AccumulatedVolume = -10 },      // negative_volume
            EmptyDayBar("IDLE"),                               // empty_day_bar (market open)
            Good("AMD"),
            Good("MSFT") with { Price = 400 },                 // duplicate_symbol
            Good("AAPL"),                                      // duplicate_symbol
            Good("META"),
        ];

        var result = ValidationResult.Of(quotes, MarketSession.MarketOpen, NoProviderDrops);

        Assert.Equal(["AAPL", "MSFT", "NVDA", "TSLA", "AMD", "META"], result.Accepted.Select(q => q.Symbol));
        Assert.Equal(Good("MSFT"), result.Accepted[1]); // the first MSFT row, not the duplicate
        Assert.Equal(new Dictionary<string, int>
        {
            [DropReasons.MissingSymbol] = 2,
            [DropReasons.InvalidSymbol] = 2,
            [DropReasons.InvalidPrice] = 4,
            [DropReasons.NonFiniteValue] = 2,
            [DropReasons.NegativeVolume] = 2,
            [DropReasons.EmptyDayBar] = 1,
            [DropReasons.DuplicateSymbol] = 2,
        }, result.Dropped);
        Assert.Equal(quotes.Length, result.Accepted.Length + result.Dropped.Values.Sum());
    }

    [Theory]
    [InlineData(MarketSession.PreMarket, 3, 0)]
    [InlineData(MarketSession.MarketOpen, 1, 2)]
    [InlineData(MarketSession.PostMarket, 1, 2)]
    public void Empty_day_bars_count_only_after_the_open(MarketSession session, int accepted, int dropped)
    {
        MarketQuote[] quotes = [EmptyDayBar("EARLY"), Good("AAPL"), EmptyDayBar("LATE")];

        var result = ValidationResult.Of(quotes, session, NoProviderDrops);

        Assert.Equal(accepted, result.Accepted.Length);
        Assert.Contains(result.Accepted, q => q.Symbol == "AAPL");
        Assert.Equal(dropped, result.Dropped.GetValueOrDefault(DropReasons.EmptyDayBar));
        Assert.Equal(dropped == 0 ? 0 : 1, result.Dropped.Count);
    }

    [Fact]
    public void Provider_drops_are_carried_through_and_added_to()
    {
        var providerDrops = new Dictionary<string, int> { ["malformed_row"] = 3, [DropReasons.InvalidPrice] = 2 };
        MarketQuote[] quotes = [Good("AAPL"), Good("BAD") with { Price = 0 }, Good("MSFT")];

        var result = ValidationResult.Of(quotes, MarketSession.MarketOpen, providerDrops);

        Assert.Equal(["AAPL", "MSFT"], result.Accepted.Select(q => q.Symbol));
        Assert.Equal(new Dictionary<string, int> { ["malformed_row"] = 3, [DropReasons.InvalidPrice] = 3 }, result.Dropped);
        // The provider's own counts are not touched.
        Assert.Equal(2, providerDrops[DropReasons.InvalidPrice]);
    }

    [Fact]
    public void A_rejected_row_does_not_claim_its_symbol()
    {
        MarketQuote[] quotes = [Good("AAPL") with { Price = double.NaN }, Good("AAPL"), Good("AAPL")];

        var result = ValidationResult.Of(quotes, MarketSession.MarketOpen, NoProviderDrops);

        Assert.Equal(Good("AAPL"), Assert.Single(result.Accepted));
        Assert.Equal(new Dictionary<string, int> { [DropReasons.InvalidPrice] = 1, [DropReasons.DuplicateSymbol] = 1 }, result.Dropped);
    }

    [Fact]
    public void Similar_symbols_are_not_duplicates()
    {
        MarketQuote[] quotes = [Good("BRK.A"), Good("BRK.B"), Good("BRK"), Good("BR")];

        var result = ValidationResult.Of(quotes, MarketSession.MarketOpen, NoProviderDrops);

        Assert.Equal(quotes, result.Accepted);
        Assert.Empty(result.Dropped);
    }

    [Fact]
    public void An_empty_batch_keeps_only_the_provider_drops()
    {
        var result = ValidationResult.Of([], MarketSession.PreMarket, new Dictionary<string, int> { ["http_error"] = 1 });

        Assert.Empty(result.Accepted);
        Assert.Equal(new Dictionary<string, int> { ["http_error"] = 1 }, result.Dropped);
    }
}
