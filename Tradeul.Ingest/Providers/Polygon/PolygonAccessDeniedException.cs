using System.Net;

namespace Tradeul.Ingest.Providers.Polygon;

/// <summary>
/// Polygon refused the request (401/403): retrying will not help until the key or the plan
/// changes, so callers can tell this apart from a transient failure.
/// </summary>
public sealed class PolygonAccessDeniedException(HttpStatusCode statusCode, string request)
    : PolygonHttpException(statusCode, request, retryAfter: null,
        "the configured key (Polygon:ApiKey) is invalid or its plan has no access to it.");
