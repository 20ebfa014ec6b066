using Microsoft.AspNetCore.Http;
using Tradeul.Tests.Infrastructure;

namespace Tradeul.Tests.Ingest.Polygon;

/// <summary>Answers built from the market cases in <c>Cases/</c>, with their status and headers.</summary>
internal static class PolygonCaseAnswers
{
    /// <summary>
    /// Serves the JSON case <paramref name="bodyFile"/> with <paramref name="status"/> and, when
    /// given, the <c>Name: value</c> lines of <paramref name="headersFile"/> as response headers.
    /// </summary>
    public static RequestDelegate FromCase(string bodyFile, int status = StatusCodes.Status200OK, string? headersFile = null)
    {
        var body = MarketCases.Text(bodyFile);
        var headers = headersFile is null ? [] : ParseHeaders(MarketCases.Text(headersFile));
        return async context =>
        {
            foreach (var (name, value) in headers)
            {
                context.Response.Headers.Append(name, value);
            }
            await PolygonTestServer.Json(body, status)(context);
        };
    }

    private static List<(string Name, string Value)> ParseHeaders(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(':', 2, StringSplitOptions.TrimEntries) is [var name, var value]
                ? (name, value)
                : throw new FormatException($"Not a header line: '{line}'."))
            .ToList();
}
