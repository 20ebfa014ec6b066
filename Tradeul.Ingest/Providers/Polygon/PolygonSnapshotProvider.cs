using System.Collections.ObjectModel;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Tradeul.Shared.Market;

namespace Tradeul.Ingest.Providers.Polygon;

/// <summary>
/// Polygon's (Massive's) full-market snapshot: every US stock ticker in one REST call. The
/// <see cref="HttpClient"/> comes from <c>AddPolygonProvider</c> with the base address and
/// the bearer key already set, so the key is never part of a URL that could be logged.
/// </summary>
public sealed class PolygonSnapshotProvider(HttpClient http, IOptions<PolygonOptions> options, TimeProvider time)
    : IMarketDataProvider
{
    public const string ProviderName = "polygon";
    public const string MalformedRowReason = "malformed_row";

    // Relative (no leading slash) so a BaseUrl with a path prefix, such as a proxy, keeps it.
    internal const string SnapshotPath = "v2/snapshot/locale/us/markets/stocks/tickers";

    // How errors name this request: the path only, since the query string is no one's business in a log.
    private const string SnapshotRequest = $"the full-market snapshot request ({SnapshotPath})";

    public string Name => ProviderName;

    public async Task<ProviderSnapshot> FetchAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        // One budget for the whole fetch, body included: HttpClient.Timeout would stop at the
        // headers because the body is streamed.
        using var timeout = new CancellationTokenSource(settings.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await FetchWithinAsync(settings, linked.Token);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            // Re-thrown with the caller's token (not the linked one) so a host's shutdown check matches it.
            throw new OperationCanceledException("The Polygon snapshot fetch was cancelled.", ex, cancellationToken);
        }
        catch (OperationCanceledException ex)
        {
            // Ours, or HttpClient.Timeout if someone configured a shorter one: either way the
            // caller did not cancel, so it is a timeout and should read like one.
            throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                $"The Polygon snapshot did not complete within {settings.Timeout.TotalSeconds:0.###} s (Polygon:Timeout)."), ex);
        }
    }

    private async Task<ProviderSnapshot> FetchWithinAsync(PolygonOptions settings, CancellationToken cancellationToken)
    {
        var uri = $"{SnapshotPath}?include_otc={(settings.IncludeOtc ? "true" : "false")}";
        using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        // The snapshot describes the market as Polygon served it, i.e. when its answer arrived.
        var asOf = time.GetUtcNow();
        PolygonResponseStatus.ThrowIfFailed(response, SnapshotRequest, time);

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var envelope = await ReadEnvelopeAsync(body, cancellationToken);
        return ToSnapshot(asOf, SucceededTickers(envelope, settings.ApiKey));
    }

    private static async Task<PolygonSnapshotEnvelope> ReadEnvelopeAsync(Stream body, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(body, PolygonJsonContext.Default.PolygonSnapshotEnvelope, cancellationToken)
                ?? throw new PolygonResponseException("The Polygon snapshot body was JSON null.");
        }
        catch (JsonException ex)
        {
            // Reached only when the envelope itself is broken; bad rows are counted, not thrown.
            throw new PolygonResponseException("The Polygon snapshot body is not JSON of the documented shape.", ex);
        }
    }

    private static List<PolygonTickerRow> SucceededTickers(PolygonSnapshotEnvelope envelope, string? apiKey)
    {
        // "DELAYED" is how Polygon labels delayed-data plans; the rows are still a snapshot.
        var succeeded = envelope.Status is null
            || envelope.Status.Equals("OK", StringComparison.OrdinalIgnoreCase)
            || envelope.Status.Equals("DELAYED", StringComparison.OrdinalIgnoreCase);
        if (!succeeded)
        {
            var detail = envelope.Error ?? envelope.Message ?? "no detail given";
            throw new PolygonResponseException(Redact(
                $"Polygon answered the snapshot request with status \"{envelope.Status}\": {detail}", apiKey));
        }
        // An empty market would wipe every ranking downstream; a missing array is a bad answer, not an empty market.
        return envelope.Tickers
            ?? throw new PolygonResponseException("The Polygon snapshot body has no \"tickers\" array.");
    }

    /// <summary>Polygon's messages are its own text; make sure the key cannot ride along into a log.</summary>
    private static string Redact(string message, string? apiKey) =>
        string.IsNullOrEmpty(apiKey) ? message : message.Replace(apiKey, "***", StringComparison.Ordinal);

    private static ProviderSnapshot ToSnapshot(DateTimeOffset asOf, List<PolygonTickerRow> rows)
    {
        var quotes = new List<MarketQuote>(rows.Count);
        var malformed = 0;
        foreach (var row in rows)
        {
            if (row.IsMalformed)
            {
                malformed++;
            }
            else
            {
                quotes.Add(row.Quote);
            }
        }
        IReadOnlyDictionary<string, int> dropped = malformed == 0
            ? ReadOnlyDictionary<string, int>.Empty
            : new Dictionary<string, int> { [MalformedRowReason] = malformed };
        return new ProviderSnapshot(asOf, quotes, dropped);
    }
}
