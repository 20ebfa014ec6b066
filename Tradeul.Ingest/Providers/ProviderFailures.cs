using System.Net;
using Polly.Timeout;
using Tradeul.Shared.Hosting;

namespace Tradeul.Ingest.Providers;

/// <summary>
/// Which provider failures are worth another request within the same Ingest cycle. Decided on
/// HTTP terms (RFC 9110, section 15), so any HTTP provider that throws
/// <see cref="HttpRequestException"/> with its status is classified the same way.
/// </summary>
public static class ProviderFailures
{
    /// <summary>
    /// True for transport failures (no status: refused, reset, DNS), 408 and 5xx answers,
    /// timeouts (the provider's own, <see cref="TimeoutException"/>, and the pipeline's
    /// <see cref="TimeoutRejectedException"/>) and a body cut off mid-stream
    /// (<see cref="IOException"/>). False for 429 and every other 4xx: the same request gets
    /// the same answer. False too for an answer that says when to come back (a 503 with
    /// <c>Retry-After</c>): the loop waits that long instead of asking again in milliseconds.
    /// </summary>
    public static bool IsTransient(Exception error) => error switch
    {
        IRetryAfterHint { RetryAfter: not null } => false,
        HttpRequestException { StatusCode: null } => true,
        HttpRequestException { StatusCode: { } status } => status == HttpStatusCode.RequestTimeout || (int)status >= 500,
        TimeoutException or TimeoutRejectedException or IOException => true,
        _ => false,
    };

    /// <summary>True for an HTTP 429 answer: its own outcome in stats and metrics, not a failure of ours.</summary>
    public static bool IsRateLimited(Exception error) =>
        error is HttpRequestException { StatusCode: HttpStatusCode.TooManyRequests };
}
