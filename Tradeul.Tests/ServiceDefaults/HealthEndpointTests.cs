using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tradeul.Tests.Infrastructure;

namespace Tradeul.Tests.ServiceDefaults;

[Collection(RealServersCollection.Name)]
public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Health_turns_unhealthy_while_redis_is_down_and_healthy_when_it_is_back_while_alive_stays_up()
    {
        await using var redis = await RedisServer.CreateAsync();
        // Production on purpose: unlike Aspire's template, the probes are mapped in every environment.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:redis"] = redis.ConnectionString });
        builder.Logging.ClearProviders();
        builder.AddServiceDefaults();
        builder.AddRedisClient("redis");
        await using var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        Assert.Equal((HttpStatusCode.OK, "Healthy"), await GetAsync(http, "/health"));

        await redis.KillAsync();
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"),
            await Eventually.Until(() => GetAsync(http, "/health"), r => r.Status == HttpStatusCode.ServiceUnavailable, "/health to report Redis down"));
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await GetAsync(http, "/alive"));

        await redis.StartAsync();
        Assert.Equal((HttpStatusCode.OK, "Healthy"),
            await Eventually.Until(() => GetAsync(http, "/health"), r => r.Status == HttpStatusCode.OK, "/health to recover"));
        await app.StopAsync();
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
