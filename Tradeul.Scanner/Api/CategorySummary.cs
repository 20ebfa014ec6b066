using System.Text.Json.Serialization;

namespace Tradeul.Scanner.Api;

/// <summary>One entry of <c>GET /api/categories</c>: a category and the ranking it holds now.</summary>
/// <param name="Name">The category's name, as used in <c>/api/categories/{name}</c> (e.g. <c>gappers_up</c>).</param>
/// <param name="Rows">Tickers in its current ranking (0 until the Scanner's first cycle).</param>
/// <param name="Sequence">The ranking's sequence number (0 until the first cycle).</param>
/// <param name="Session">The market session it was ranked for: PRE_MARKET, MARKET_OPEN, POST_MARKET or CLOSED.</param>
public sealed record CategorySummary(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("rows")] int Rows,
    [property: JsonPropertyName("sequence")] long Sequence,
    [property: JsonPropertyName("session")] string Session);
