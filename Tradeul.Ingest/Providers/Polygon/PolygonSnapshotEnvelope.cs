using System.Text.Json.Serialization;

namespace Tradeul.Ingest.Providers.Polygon;

/// <summary>
/// The top level of a full-market snapshot body. <c>error</c> and <c>message</c> only appear
/// on failures (Polygon uses either, depending on the failure).
/// </summary>
internal sealed class PolygonSnapshotEnvelope
{
    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("tickers")]
    public List<PolygonTickerRow>? Tickers { get; set; }

    [JsonPropertyName("error")]
    public string? Error { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }
}
