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

    /// <summary>
    /// Returns when a body's <c>status</c> field says the request succeeded: absent, <c>OK</c>, or
    /// <c>DELAYED</c> (how Polygon labels delayed-data plans; the data is still the answer). Otherwise
    /// throws <see cref="PolygonResponseException"/> with Polygon's <c>error</c> or <c>message</c>,
    /// the API key masked: Polygon's text is its own and must not carry the key into a log.
    /// </summary>
    /// <param name="request">Names the request in the message, e.g. "the snapshot request".</param>
    public static void ThrowIfBodyFailed(string? status, string? error, string? message, string request, string? apiKey)
    {
        if (status is null || status.Equals("OK", StringComparison.OrdinalIgnoreCase) || status.Equals("DELAYED", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }
        var text = $"Polygon answered {request} with status \"{status}\": {error ?? message ?? "no detail given"}";
        throw new PolygonResponseException(string.IsNullOrEmpty(apiKey) ? text : text.Replace(apiKey, "***", StringComparison.Ordinal));
    }

    /// <summary>
    /// Runs <paramref name="request"/> within <paramref name="timeout"/>, body included (HttpClient.Timeout
    /// would stop at the headers of a streamed body).
    /// </summary>
    /// <param name="what">Names the request in the timeout's message, e.g. "The Polygon snapshot".</param>
    /// <exception cref="TimeoutException">It took longer than <c>Polygon:Timeout</c> (or HttpClient.Timeout, if someone set a shorter one).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (carrying that token, so a host's shutdown check matches it).</exception>
    public static async Task<T> WithinAsync<T>(Func<CancellationToken, Task<T>> request, TimeSpan timeout, TimeProvider time, string what, CancellationToken cancellationToken)
    {
        using var budget = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        try
        {
            return await request(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException($"{what} was cancelled.", ex, cancellationToken);
        }
        catch (OperationCanceledException ex)
        {
            throw new TimeoutException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{what} did not complete within {timeout.TotalSeconds:0.###} s (Polygon:Timeout)."), ex);
        }
    }
}
