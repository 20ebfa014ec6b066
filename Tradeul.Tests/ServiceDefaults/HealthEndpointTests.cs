using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Tradeul.Tests.Infrastructure;

namespace Tradeul.Tests.ServiceDefaults;

/// <summary>
/// /health and /alive as a container platform probes them. The Redis and PostgreSQL checks come
/// from Aspire's client packages, untagged: /health must run them, /alive must not.
/// </summary>
[Collection(RealServersCollection.Name)]
public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Health_turns_unhealthy_while_redis_is_down_and_healthy_when_it_is_back_while_alive_stays_up()
    {
        await using var redis = await RedisServer.CreateAsync();
        await using var app = await StartAsync("redis", redis.ConnectionString,
            builder => builder.RequireConnectionString("redis", ConnectionStringRequirement.RedisSettingsSection).AddRedisClient("redis"));
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

    [Fact]
    public async Task Health_is_unhealthy_while_postgres_is_unreachable_while_alive_stays_up()
    {
        var nothingListens = $"Host=127.0.0.1;Port={FreePort.Next()};Username=postgres;Timeout=2";
        await using var app = await StartAsync("tradeul", nothingListens,
            builder => builder.RequireConnectionString("tradeul", ConnectionStringRequirement.NpgsqlSettingsSection).AddNpgsqlDataSource("tradeul"));
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), await GetAsync(http, "/health"));
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await GetAsync(http, "/alive"));
        await app.StopAsync();
    }

    /// <summary>
    /// A started web app with the service defaults, one client and the default endpoints; in Production
    /// on purpose: unlike Aspire's template, the probes are mapped in every environment.
    /// </summary>
    private static Task<WebApplication> StartAsync(string connectionName, string connectionString, Action<WebApplicationBuilder> addClient) =>
        ServiceDefaultsApp.StartAsync(new Dictionary<string, string?> { [$"ConnectionStrings:{connectionName}"] = connectionString }, addClient);

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
