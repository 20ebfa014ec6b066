using System.Net.Http.Headers;

namespace Tradeul.Ingest.Providers;

/// <summary>Reads the <c>Retry-After</c> header of an HTTP answer (RFC 9110, section 10.2.3).</summary>
public static class RetryAfterHeader
{
    /// <summary>
    /// How long the server asked the client to wait: the delta-seconds form as given, or the
    /// HTTP-date form minus the answer's own <c>Date</c> header (both stamped by the server's
    /// clock, so a skewed local clock does not shorten or stretch the wait); without a
    /// <c>Date</c> header, minus <paramref name="time"/>'s now. A date already past reads as
    /// zero; a wait longer than <see cref="Longest"/> reads as <see cref="Longest"/>. Null when
    /// the header is absent or not in either form.
    /// </summary>
    /// <param name="time">The clock for an HTTP-date answer without a <c>Date</c> header; the system clock when null.</param>
    public static TimeSpan? Read(HttpResponseMessage response, TimeProvider? time = null) =>
        FromHeader(response.Headers.RetryAfter, response.Headers.Date ?? (time ?? TimeProvider.System).GetUtcNow());

    /// <summary>
    /// 15 minutes: the longest wait honoured. A proxy or maintenance page that asks for hours
    /// (or days) would otherwise silence Ingest past any outage worth waiting out, and a loop
    /// that waits that long cannot be told from a dead one; past this Ingest asks again.
    /// </summary>
    public static readonly TimeSpan Longest = TimeSpan.FromMinutes(15);

    private static TimeSpan? FromHeader(RetryConditionHeaderValue? header, DateTimeOffset now)
    {
        TimeSpan? asked = header switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
            _ => null,
        };
        return asked > Longest ? Longest : asked;
    }
}
