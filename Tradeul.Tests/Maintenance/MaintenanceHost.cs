using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tradeul.Maintenance;
using Tradeul.Maintenance.Status;
using Tradeul.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tradeul.Tests.Maintenance;

/// <summary>The Maintenance service as it runs, on Kestrel, against the given servers.</summary>
internal static class MaintenanceHost
{
    public const string ApiKey = "test-api-key-0123456789";

    /// <param name="start">Start the web app (migrations at start, every job loop); otherwise only build it.</param>
    public static async Task<WebApplication> CreateAsync(string redis, string postgres, ITestOutputHelper output, TimeProvider? time = null, bool start = true, IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = redis,
            ["ConnectionStrings:tradeul"] = postgres,
            ["Maintenance:ApiKey"] = ApiKey,
        }.Concat(settings ?? []));
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new TestOutputLoggerProvider(output));
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.AddServiceDefaults();
        builder.AddMaintenanceServices();
        if (time is not null)
        {
            builder.Services.Replace(ServiceDescriptor.Singleton(time));
        }
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapMaintenanceEndpoints();
        if (start)
        {
            await app.StartAsync();
        }
        return app;
    }

    /// <summary>A fresh status read (not the endpoint's snapshot), serialized as the endpoint does (web defaults).</summary>
    public static async Task<JsonElement> ReadStatusAsync(WebApplication app) =>
        JsonSerializer.SerializeToElement(await app.Services.GetRequiredService<MaintenanceStatusReader>().ReadAsync(CancellationToken.None), JsonSerializerOptions.Web);
}
