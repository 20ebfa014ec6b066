using System.Globalization;
using System.Net;
using Tradeul.Shared.Hosting;

namespace Tradeul.Ingest.Providers.Polygon;

/// <summary>
/// Polygon answered a request with an error status. A <see cref="HttpRequestException"/> so
/// that <see cref="HttpRequestException.StatusCode"/> carries the status and
/// <see cref="ProviderFailures.IsTransient"/> classifies it like any HTTP failure; the
/// subclasses name the answers a caller treats differently. Thrown by
/// <see cref="PolygonResponseStatus.ThrowIfFailed"/>. The message names the request by its
/// description only: never a URL with its query string, never the key.
/// </summary>
public class PolygonHttpException : HttpRequestException, IRetryAfterHint
{
    public PolygonHttpException(HttpStatusCode statusCode, string request, TimeSpan? retryAfter, string? detail = null)
        : base(Describe(statusCode, request, retryAfter, detail), inner: null, statusCode)
    {
        Request = request;
        RetryAfter = retryAfter;
    }

    /// <summary>The description of the request given by the caller, e.g. "the full-market snapshot request (v2/snapshot/...)".</summary>
    public string Request { get; }

    /// <summary>The answer's <c>Retry-After</c> (RFC 9110, section 10.2.3); null when it had none.</summary>
    public TimeSpan? RetryAfter { get; }

    private static string Describe(HttpStatusCode statusCode, string request, TimeSpan? retryAfter, string? detail)
    {
        var message = string.Create(CultureInfo.InvariantCulture, $"Polygon answered HTTP {(int)statusCode} ({statusCode}) to {request}");
        if (retryAfter is { } wait)
        {
            message += string.Create(CultureInfo.InvariantCulture, $"; Retry-After {wait.TotalSeconds:0.###} s");
        }
        return detail is null ? message + "." : $"{message}: {detail}";
    }
}

/// <summary>
/// HTTP 429: the plan's request budget is spent. Not retried within a cycle; the Ingest loop
/// waits at least <see cref="PolygonHttpException.RetryAfter"/> (or backs off when absent).
/// </summary>
public sealed class PolygonRateLimitedException(string request, TimeSpan? retryAfter)
    : PolygonHttpException(HttpStatusCode.TooManyRequests, request, retryAfter,
        "rate limited; the plan's requests per minute are used up.");

/// <summary>
/// A 4xx answer other than 401, 403, 408 and 429 (e.g. 404 for a path the plan or the API
/// does not have), or a 3xx the client did not follow: sending the same request again gets
/// the same answer, so it is not retried.
/// </summary>
public sealed class PolygonRequestRejectedException(HttpStatusCode statusCode, string request)
    : PolygonHttpException(statusCode, request, retryAfter: null,
        "the request itself was refused; check Polygon:BaseUrl and the plan, retrying will not help.");
