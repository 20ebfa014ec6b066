using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Tradeul.Ingest.Providers.Polygon;

internal static class PolygonServiceCollectionExtensions
{
    /// <summary>
    /// Options from <c>Polygon:*</c> (validated at start) and <see cref="PolygonSnapshotProvider"/>
    /// as a typed HttpClient. Not registered as <see cref="IMarketDataProvider"/>: the Ingest
    /// wiring picks the provider from configuration.
    /// </summary>
    internal static IServiceCollection AddPolygonProvider(this IServiceCollection services)
    {
        services.AddOptions<PolygonOptions>().BindConfiguration(PolygonOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PolygonOptions>, PolygonOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        // RemoveAllResilienceHandlers is marked experimental; it is the documented way to opt one
        // client out of ConfigureHttpClientDefaults, and a test pins its effect.
#pragma warning disable EXTEXP0001
        services.AddHttpClient<PolygonSnapshotProvider>((serviceProvider, http) =>
        {
            var options = serviceProvider.GetRequiredService<IOptions<PolygonOptions>>().Value;
            // A trailing slash makes relative paths append to a base path instead of replacing it.
            http.BaseAddress = new Uri(options.BaseUrl.EndsWith('/') ? options.BaseUrl : options.BaseUrl + "/");
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
            // The provider enforces Polygon:Timeout over headers and body; a second, shorter
            // clock here would only cut the streamed body off with a less helpful error.
            http.Timeout = Timeout.InfiniteTimeSpan;
        })
        // The whole-market answer is about 7.5 MB of JSON and about 1.3 MB gzipped, every cycle.
        // With AutomaticDecompression the handler sends Accept-Encoding: gzip, br and hands the
        // provider a stream that decompresses as it is read, so the JSON is still parsed while
        // it arrives and the full body is never buffered.
        .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Brotli,
        })
        // ServiceDefaults gives every client the standard resilience handler. Here Ingest's
        // provider pipeline is the one retry layer: stacked, 3 handler attempts x 3 pipeline
        // attempts would hit a failing Polygon nine times a cycle, and the handler's 10 s
        // attempt timeout would overrule Polygon:Timeout.
        .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        return services;
    }
}
