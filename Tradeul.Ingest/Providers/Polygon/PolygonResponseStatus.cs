using System.Net;

namespace Tradeul.Ingest.Providers.Polygon;

/// <summary>What the status of a Polygon REST answer means, for every Polygon endpoint.</summary>
public static class PolygonResponseStatus
{
    /// <summary>
    /// Returns when <paramref name="response"/> is a success (2xx). Otherwise throws:
    /// 401/403 <see cref="PolygonAccessDeniedException"/>; 429 <see cref="PolygonRateLimitedException"/>
    /// with its <c>Retry-After</c>; 408 and 5xx a transient <see cref="PolygonHttpException"/>
    /// (with <c>Retry-After</c> when the answer has one); any other status the non-retryable
    /// <see cref="PolygonRequestRejectedException"/>. Reads headers only, never the body.
    /// </summary>
    /// <param name="request">
    /// Names the request in the error message, e.g. "the full-market snapshot request
    /// (v2/snapshot/locale/us/markets/stocks/tickers)". A path at most: no query string, no key.
    /// </param>
    /// <param name="time">Clock for a <c>Retry-After</c> HTTP-date without a <c>Date</c> header; the system clock when null.</param>
    public static void ThrowIfFailed(HttpResponseMessage response, string request, TimeProvider? time = null)
    {
        var status = response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        throw status switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new PolygonAccessDeniedException(status, request),
            HttpStatusCode.TooManyRequests => new PolygonRateLimitedException(request, RetryAfterHeader.Read(response, time)),
            HttpStatusCode.RequestTimeout or >= HttpStatusCode.InternalServerError =>
                new PolygonHttpException(status, request, RetryAfterHeader.Read(response, time)),
            _ => new PolygonRequestRejectedException(status, request),
        };
    }
}
