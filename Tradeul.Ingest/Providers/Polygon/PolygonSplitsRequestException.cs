using System.Net;
using Tradeul.Shared.Hosting;

namespace Tradeul.Ingest.Providers.Polygon;

/// <summary>
/// Polygon answered the splits listing with a failure status. <see cref="RetryAfter"/> carries
/// its <c>Retry-After</c> header (429, 503), which the split calendar honours before trying again.
/// </summary>
public sealed class PolygonSplitsRequestException(HttpStatusCode statusCode, TimeSpan? retryAfter)
    : HttpRequestException(Describe(statusCode, retryAfter), inner: null, statusCode), IRetryAfterHint
{
    public TimeSpan? RetryAfter { get; } = retryAfter;

    private static string Describe(HttpStatusCode statusCode, TimeSpan? retryAfter)
    {
        var text = $"Polygon answered HTTP {(int)statusCode} ({statusCode}) to the splits request ({PolygonSplitSource.SplitsPath})";
        return statusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
            ? text + ": the configured key (Polygon:ApiKey) is invalid or its plan has no access to reference data."
            : retryAfter is { } wait ? $"{text}; it asked to wait {wait.TotalSeconds:0} s." : text + ".";
    }
}
