using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tradeul.Ingest.Providers.Polygon;

namespace Tradeul.Tests.Ingest.Polygon;

/// <summary>
/// Builds the provider the way Ingest will: configuration -> AddPolygonProvider -> the typed
/// HttpClient, so the tests also cover the base address and bearer header set there.
/// </summary>
internal static class PolygonTestProviders
{
    public const string ApiKey = "pk_test_7Hq2Zr9LmX4c";

    /// <param name="withServiceDefaults">Give every HttpClient the standard resilience handler first, as ServiceDefaults does.</param>
    public static ServiceProvider Build(Uri baseUrl, TimeProvider time, TimeSpan? timeout = null, bool withServiceDefaults = false)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Polygon:ApiKey"] = ApiKey,
            ["Polygon:BaseUrl"] = baseUrl.ToString(),
        };
        if (timeout is { } value)
        {
            settings["Polygon:Timeout"] = value.ToString("c");
        }
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddSingleton(time);
        if (withServiceDefaults)
        {
            services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
        }
        services.AddPolygonProvider();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    public static PolygonSnapshotProvider Provider(this ServiceProvider services) =>
        services.GetRequiredService<PolygonSnapshotProvider>();
}
