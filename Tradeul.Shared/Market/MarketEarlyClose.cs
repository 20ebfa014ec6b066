namespace Tradeul.Shared.Market;

/// <summary>A day the regular session ends before 16:00.</summary>
/// <param name="Close">End of the regular session, New York time (America/New_York).</param>
/// <param name="Reason">Why, for logs and operators (e.g. "Day after Christmas").</param>
public readonly record struct MarketEarlyClose(TimeOnly Close, string Reason);
