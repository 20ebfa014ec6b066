using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Tradeul.Ingest.Splits;

namespace Tradeul.Ingest.Providers.Polygon;

/// <summary>
/// Polygon's (Massive's) split calendar: <c>GET v3/reference/splits?execution_date=YYYY-MM-DD&amp;limit=1000</c>,
/// following <c>next_url</c> pages. It uses the snapshot's HttpClient configuration (base address,
/// bearer key, no stacked resilience handler), so the key never appears in a URL. Only the
/// query of a <c>next_url</c> is followed, against the configured base address, so a proxy base
/// path is kept and the key is never sent to a host other than <c>Polygon:BaseUrl</c>.
/// <c>Polygon:Timeout</c> bounds the whole listing.
/// </summary>
public sealed class PolygonSplitSource(IHttpClientFactory clients, IOptions<PolygonOptions> options, TimeProvider time) : ISplitSource
{
    // Relative (no leading slash) so a BaseUrl with a path prefix keeps it.
    internal const string SplitsPath = "v3/reference/splits";

    // AddHttpClient<PolygonSnapshotProvider> names its client after the type; sharing it shares its setup.
    internal const string HttpClientName = nameof(PolygonSnapshotProvider);

    // A day has a few dozen splits; a listing that goes on for pages is a server looping on its cursor.
    private const int MaxPages = 20;

    public string Name => PolygonSnapshotProvider.ProviderName;

    /// <exception cref="PolygonHttpException">A failure status, as <see cref="PolygonResponseStatus.ThrowIfFailed"/> classifies it (with its Retry-After, if any).</exception>
    /// <exception cref="PolygonResponseException">A body that is not a splits listing, or endless pages.</exception>
    /// <exception cref="TimeoutException">The listing took longer than <c>Polygon:Timeout</c>.</exception>
    public async Task<IReadOnlyList<Split>> SplitsOnAsync(DateOnly executionDate, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var http = clients.CreateClient(HttpClientName);
        return await PolygonResponseStatus.WithinAsync(token => ListAsync(http, executionDate, settings.ApiKey, token),
            settings.Timeout, time, "The Polygon splits listing", cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<Split>> ListAsync(HttpClient http, DateOnly executionDate, string? apiKey, CancellationToken cancellationToken)
    {
        var splits = new List<Split>();
        var query = string.Create(CultureInfo.InvariantCulture, $"?execution_date={executionDate:yyyy-MM-dd}&limit=1000");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var page = 1; query is not null; page++)
        {
            if (page > MaxPages || !seen.Add(query))
            {
                throw new PolygonResponseException($"The Polygon splits listing for {executionDate:yyyy-MM-dd} did not end after {page - 1} pages (next_url repeats or never stops).");
            }
            using var response = await http.GetAsync(SplitsPath + query, cancellationToken).ConfigureAwait(false);
            PolygonResponseStatus.ThrowIfFailed(response, $"the splits request ({SplitsPath})", time);
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            query = await ReadPageAsync(body, splits, apiKey, cancellationToken).ConfigureAwait(false);
        }
        return splits;
    }

    /// <summary>Adds the page's records to <paramref name="splits"/>; returns the next page's query, or null on the last page.</summary>
    private static async Task<string?> ReadPageAsync(Stream body, List<Split> splits, string? apiKey, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw new PolygonResponseException("The Polygon splits body is not JSON.", ex);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new PolygonResponseException("The Polygon splits body is not a JSON object.");
            }
            PolygonResponseStatus.ThrowIfBodyFailed(Text(root, "status"), Text(root, "error"), Text(root, "message"), "the splits request", apiKey);
            // No results array is an empty day (Polygon omits it when nothing matches); a non-array is a broken answer.
            if (root.TryGetProperty("results", out var results) && results.ValueKind != JsonValueKind.Null)
            {
                if (results.ValueKind != JsonValueKind.Array)
                {
                    throw new PolygonResponseException("The Polygon splits body has a \"results\" that is not an array.");
                }
                foreach (var record in results.EnumerateArray())
                {
                    splits.Add(ToSplit(record));
                }
            }
            return NextQuery(Text(root, "next_url"));
        }
    }

    /// <summary>A record as Polygon sent it; a field of the wrong type reads as missing, and the calendar rejects and counts such records.</summary>
    private static Split ToSplit(JsonElement record)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            return new Split("", default, double.NaN, double.NaN);
        }
        var date = DateOnly.TryParseExact(Text(record, "execution_date"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
            ? parsed
            : default;
        return new Split(Text(record, "ticker") ?? "", date, Number(record, "split_from"), Number(record, "split_to"));
    }

    private static string? NextQuery(string? nextUrl)
    {
        if (string.IsNullOrEmpty(nextUrl))
        {
            return null;
        }
        return Uri.TryCreate(nextUrl, UriKind.Absolute, out var next) && next.Query.Length > 1
            ? next.Query
            : throw new PolygonResponseException("The Polygon splits body has a next_url without a query to follow.");
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) ? number : double.NaN;
}
