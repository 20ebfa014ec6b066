using System.Collections.ObjectModel;
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
        return await PolygonResponseStatus.WithinAsync(token => FetchWithinAsync(settings, token), settings.Timeout, time, "The Polygon snapshot", cancellationToken);
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
        PolygonResponseStatus.ThrowIfBodyFailed(envelope.Status, envelope.Error, envelope.Message, "the snapshot request", apiKey);
        // An empty market would wipe every ranking downstream; a missing array is a bad answer, not an empty market.
        return envelope.Tickers
            ?? throw new PolygonResponseException("The Polygon snapshot body has no \"tickers\" array.");
    }


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
