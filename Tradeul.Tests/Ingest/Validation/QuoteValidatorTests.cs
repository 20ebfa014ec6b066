using Tradeul.Ingest.Validation;
using Tradeul.Shared.Market;
using static Tradeul.Tests.Ingest.Validation.ValidationQuotes;

namespace Tradeul.Tests.Ingest.Validation;

/// <summary>One provider row at a time: accepted (null) or the reason it is dropped.</summary>
public sealed class QuoteValidatorTests
{
    private static string? Check(MarketQuote quote, MarketSession session = MarketSession.MarketOpen) => QuoteValidator.Check(quote, session);

    [Theory]
    [InlineData(MarketSession.PreMarket)]
    [InlineData(MarketSession.MarketOpen)]
    [InlineData(MarketSession.PostMarket)]
    public void A_good_row_is_accepted_in_every_session(MarketSession session)
    {
        Assert.Null(Check(Good("AAPL"), session));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("   ")]
    [InlineData("\t")]
    [InlineData("\r\n")]
    public void Missing_or_blank_symbol(string symbol)
    {
        Assert.Equal(DropReasons.MissingSymbol, Check(Good(symbol)));
    }

    [Fact]
    public void Null_symbol_is_missing()
    {
        Assert.Equal(DropReasons.MissingSymbol, Check(Good("AAPL") with { Symbol = null! }));
        Assert.Equal(DropReasons.MissingSymbol, Check(default));
    }

    [Theory]
    [InlineData("ÄAPL")]
    [InlineData("NESN€")]
    [InlineData("株式")]
    [InlineData("BRK\u00A0B")]
    public void Non_ascii_symbol_is_invalid(string symbol)
    {
        Assert.Equal(DropReasons.InvalidSymbol, Check(Good(symbol)));
    }

    [Fact]
    public void Symbol_length_limit_is_inclusive()
    {
        Assert.Null(Check(Good(new string('A', QuoteValidator.MaxSymbolLength))));
        Assert.Equal(DropReasons.InvalidSymbol, Check(Good(new string('A', QuoteValidator.MaxSymbolLength + 1))));
        Assert.Equal(32, QuoteValidator.MaxSymbolLength);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.01)]
    [InlineData(-25.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Price_must_be_a_positive_number(double price)
    {
        Assert.Equal(DropReasons.InvalidPrice, Check(Good("AAPL") with { Price = price }));
    }

    [Fact]
    public void The_smallest_positive_price_is_a_price()
    {
        Assert.Null(Check(Good("AAPL") with { Price = 0.0001 }));
    }

    public static TheoryData<string, double> OtherFields()
    {
        var data = new TheoryData<string, double>();
        foreach (var field in new[] { "PrevClose", "Open", "High", "Low", "Close", "Vwap", "Bid", "Ask" })
        {
            data.Add(field, double.NaN);
            data.Add(field, double.PositiveInfinity);
            data.Add(field, double.NegativeInfinity);
            data.Add(field, QuoteValidator.MaxPrice * 2); // would overflow the fixed-point encoding
        }
        return data;
    }

    private static MarketQuote WithField(MarketQuote quote, string field, double value) => field switch
    {
        "PrevClose" => quote with { PrevClose = value },
        "Open" => quote with { Open = value },
        "High" => quote with { High = value },
        "Low" => quote with { Low = value },
        "Close" => quote with { Close = value },
        "Vwap" => quote with { Vwap = value },
        "Bid" => quote with { Bid = value },
        "Ask" => quote with { Ask = value },
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };

    [Theory]
    [MemberData(nameof(OtherFields))]
    public void A_non_finite_or_absurd_value_in_any_other_field(string field, double value)
    {
        Assert.Equal(DropReasons.NonFiniteValue, Check(WithField(Good("AAPL"), field, value)));
        Assert.Null(Check(WithField(Good("AAPL"), field, 25.25)));
    }

    [Fact]
    public void An_absurd_price_overflows_the_encoding()
    {
        Assert.Null(Check(Good("AAPL") with { Price = QuoteValidator.MaxPrice }));
        Assert.Equal(DropReasons.NonFiniteValue, Check(Good("AAPL") with { Price = Math.BitIncrement(QuoteValidator.MaxPrice) }));
    }

    [Fact]
    public void Negative_volumes()
    {
        Assert.Equal(DropReasons.NegativeVolume, Check(Good("AAPL") with { Volume = -1 }));
        Assert.Equal(DropReasons.NegativeVolume, Check(Good("AAPL") with { AccumulatedVolume = -1 }));
        Assert.Equal(DropReasons.NegativeVolume, Check(Good("AAPL") with { Volume = long.MinValue, AccumulatedVolume = -5 }));
        Assert.Null(Check(Good("AAPL") with { Volume = 0, AccumulatedVolume = 0 }));
    }

    [Theory]
    [InlineData(MarketSession.PreMarket, null)]
    [InlineData(MarketSession.MarketOpen, DropReasons.EmptyDayBar)]
    [InlineData(MarketSession.PostMarket, DropReasons.EmptyDayBar)]
    public void Empty_day_bar_is_normal_only_before_the_open(MarketSession session, string? expected)
    {
        Assert.Equal(expected, Check(EmptyDayBar("AAPL"), session));
    }

    [Theory]
    [InlineData("Open")]
    [InlineData("High")]
    [InlineData("Low")]
    [InlineData("Close")]
    [InlineData("Volume")]
    public void One_traded_field_makes_the_day_bar_not_empty(string field)
    {
        var quote = EmptyDayBar("AAPL");
        quote = field == "Volume" ? quote with { Volume = 100 } : WithField(quote, field, 25.25);

        Assert.False(quote.DayBarIsEmpty);
        Assert.Null(Check(quote, MarketSession.MarketOpen));
    }

    [Fact]
    public void The_first_failing_rule_names_the_reason()
    {
        var broken = new MarketQuote("", double.NaN, double.NaN, 0, 0, 0, 0, -1, 0, -1, 0, 0, 0);
        Assert.Equal(DropReasons.MissingSymbol, Check(broken));
        Assert.Equal(DropReasons.InvalidPrice, Check(broken with { Symbol = "X" }));
        Assert.Equal(DropReasons.NonFiniteValue, Check(broken with { Symbol = "X", Price = 1 }));
        Assert.Equal(DropReasons.NegativeVolume, Check(broken with { Symbol = "X", Price = 1, PrevClose = 1 }));
        Assert.Equal(DropReasons.EmptyDayBar, Check(broken with { Symbol = "X", Price = 1, PrevClose = 1, Volume = 0, AccumulatedVolume = 0 }));
    }
}
