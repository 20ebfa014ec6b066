using System.Text.Json.Serialization;

namespace Tradeul.Scanner.Api;

/// <summary>
/// A category's full ranking: the body of <c>GET /api/categories/{name}</c> and the data of the stream's
/// <c>full</c> events. The Scanner writes this JSON by hand once per save (<c>SseFrame</c>, shared by every
/// reader); this record is its schema for the OpenAPI document, held to the written JSON by a test.
/// </summary>
/// <param name="Category">The category's name.</param>
/// <param name="Sequence">Increases by one per save; a stream delta carries the next one.</param>
/// <param name="Session">PRE_MARKET, MARKET_OPEN, POST_MARKET or CLOSED.</param>
/// <param name="AsOf">The market snapshot's time (ISO 8601 with offset; the market's zone is America/New_York).</param>
/// <param name="Rows">Best first.</param>
public sealed record Ranking(
    [property: JsonPropertyName("category")] string Category,
    [property: JsonPropertyName("sequence")] long Sequence,
    [property: JsonPropertyName("session")] string Session,
    [property: JsonPropertyName("as_of")] DateTimeOffset AsOf,
    [property: JsonPropertyName("rows")] IReadOnlyList<RankingRow> Rows);

/// <summary>
/// One ticker of a <see cref="Ranking"/>. Percentages are percent (2.5 is 2.5 %); a value that
/// cannot be computed (no previous close, no opening print, no baseline) is null.
/// </summary>
/// <param name="Rank">1 for the first row.</param>
/// <param name="Symbol">The ticker, case kept as listed.</param>
/// <param name="Price">Last price, USD.</param>
/// <param name="ChangePercent">Against the previous close.</param>
/// <param name="GapPercent">The open against the previous close (before the open: the price against it).</param>
/// <param name="ChangeFromOpenPercent">Against today's opening print.</param>
/// <param name="Volume">Today's volume, shares, extended hours included.</param>
/// <param name="Rvol">Today's volume up to this 5-minute slot over the usual volume up to it (ratio; 2 is twice the usual).</param>
/// <param name="VwapDistancePercent">The price against today's VWAP.</param>
/// <param name="FromHighPercent">Distance below the day's high.</param>
/// <param name="FromLowPercent">Distance above the day's low.</param>
/// <param name="FloatRotation">Today's volume over the float (ratio).</param>
/// <param name="Score">The category's ranking score.</param>
/// <param name="Name">Company name, when the reference data has it.</param>
/// <param name="Sector">Sector, when the reference data has it.</param>
/// <param name="MarketCap">Market capitalisation, USD, when known.</param>
/// <param name="SplitRatio">New shares per old share of a split executing today that adjusted this row (0.04 for 1-for-25); null when none.</param>
/// <param name="SplitUnresolved">True when the row looks like an unadjusted split nothing explains: its change and gap are withheld.</param>
public sealed record RankingRow(
    [property: JsonPropertyName("rank")] int Rank,
    [property: JsonPropertyName("symbol")] string Symbol,
    [property: JsonPropertyName("price")] double? Price,
    [property: JsonPropertyName("change_percent")] double? ChangePercent,
    [property: JsonPropertyName("gap_percent")] double? GapPercent,
    [property: JsonPropertyName("change_from_open_percent")] double? ChangeFromOpenPercent,
    [property: JsonPropertyName("volume")] long Volume,
    [property: JsonPropertyName("rvol")] double? Rvol,
    [property: JsonPropertyName("vwap_distance_percent")] double? VwapDistancePercent,
    [property: JsonPropertyName("from_high_percent")] double? FromHighPercent,
    [property: JsonPropertyName("from_low_percent")] double? FromLowPercent,
    [property: JsonPropertyName("float_rotation")] double? FloatRotation,
    [property: JsonPropertyName("score")] double? Score,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("sector")] string? Sector,
    [property: JsonPropertyName("market_cap")] decimal? MarketCap,
    [property: JsonPropertyName("split_ratio")] double? SplitRatio,
    [property: JsonPropertyName("split_unresolved")] bool SplitUnresolved);
