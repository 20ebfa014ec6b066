using System.Net;

namespace Tradeul.Ingest.Providers.Polygon;

/// <summary>
/// Polygon refused the snapshot (401/403): retrying will not help until the key or the plan
/// changes, so callers can tell this apart from a transient failure.
/// </summary>
public sealed class PolygonAccessDeniedException(HttpStatusCode statusCode) : Exception(
    $"Polygon answered HTTP {(int)statusCode} ({statusCode}) to the full-market snapshot request: the configured " +
    "key (Polygon:ApiKey) is invalid or its plan has no access to /v2/snapshot/locale/us/markets/stocks/tickers.")
{
    public HttpStatusCode StatusCode { get; } = statusCode;
}
