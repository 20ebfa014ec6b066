using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Tradeul.Tests.Infrastructure;

/// <summary>
/// A web app on a free loopback port with what every service has and nothing of any one service:
/// <c>AddServiceDefaults()</c>, <c>MapDefaultEndpoints()</c>, plus what the test adds. Started.
/// </summary>
internal static class ServiceDefaultsApp
{
    /// <param name="environment">Production unless a test needs another: what a deployed service runs as.</param>
    /// <param name="configure">Adds clients or configuration before the app is built.</param>
    /// <param name="map">Maps the test's own endpoints after the default ones.</param>
    /// <param name="logging">Adds a log provider (the app's own providers are cleared).</param>
    public static async Task<WebApplication> StartAsync(
        IEnumerable<KeyValuePair<string, string?>>? settings = null,
        Action<WebApplicationBuilder>? configure = null,
        Action<WebApplication>? map = null,
        Action<ILoggingBuilder>? logging = null,
        string? environment = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = environment ?? Environments.Production });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.Logging.ClearProviders();
        logging?.Invoke(builder.Logging);
        builder.AddServiceDefaults();
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapDefaultEndpoints();
        map?.Invoke(app);
        await app.StartAsync();
        return app;
    }
}
