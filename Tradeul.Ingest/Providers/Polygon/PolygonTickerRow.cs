using System.Text.Json.Serialization;
using Tradeul.Shared.Market;

namespace Tradeul.Ingest.Providers.Polygon;

/// <summary>One element of <c>tickers[]</c>: a mapped quote, or a marker that the row was malformed.</summary>
[JsonConverter(typeof(PolygonTickerRowConverter))]
internal readonly record struct PolygonTickerRow(MarketQuote Quote, bool IsMalformed)
{
    public static PolygonTickerRow Malformed => new(default, IsMalformed: true);
}
