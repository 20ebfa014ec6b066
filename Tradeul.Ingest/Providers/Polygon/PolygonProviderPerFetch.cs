namespace Tradeul.Ingest.Providers.Polygon;

/// <summary>
/// The Ingest cycle lives for the whole process; a typed HttpClient should not. This asks
/// the client factory for a fresh <see cref="PolygonSnapshotProvider"/> on every fetch, so
/// pooled handlers still rotate (DNS changes are seen) as IHttpClientFactory intends.
/// </summary>
internal sealed class PolygonProviderPerFetch(IServiceProvider services) : IMarketDataProvider
{
    public string Name => PolygonSnapshotProvider.ProviderName;

    public Task<ProviderSnapshot> FetchAsync(CancellationToken cancellationToken) =>
        services.GetRequiredService<PolygonSnapshotProvider>().FetchAsync(cancellationToken);
}
