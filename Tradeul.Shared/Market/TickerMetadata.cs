using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tradeul.Shared.Market;

/// <summary>
/// <c>metadata:ticker:{SYM}</c>: what the scanner knows about a ticker besides its quote.
/// Decimal and long keep NUMERIC and BIGINT values exact through JSON.
/// </summary>
public sealed record TickerMetadata(
    string Symbol,
    string? Name,
    string? Exchange,
    string? Sector,
    decimal? MarketCap,
    long? FloatShares,
    long? SharesOutstanding,
    long? AvgVolume)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };
}
