namespace Tradeul.Shared.Market;

/// <summary>US equities sessions in America/New_York (DESIGN.md, "Market model").</summary>
public enum MarketSession
{
    Closed,
    PreMarket,
    MarketOpen,
    PostMarket,
}

public static class MarketSessionNames
{
    /// <summary>The names used in Redis keys and JSON: PRE_MARKET, MARKET_OPEN, POST_MARKET, CLOSED.</summary>
    public static string ToKey(this MarketSession session) => session switch
    {
        MarketSession.PreMarket => "PRE_MARKET",
        MarketSession.MarketOpen => "MARKET_OPEN",
        MarketSession.PostMarket => "POST_MARKET",
        _ => "CLOSED",
    };

    public static IReadOnlyList<MarketSession> Trading { get; } = [MarketSession.PreMarket, MarketSession.MarketOpen, MarketSession.PostMarket];
}
