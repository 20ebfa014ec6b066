using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;
using Tradeul.Maintenance.Watchdog;
using Tradeul.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tradeul.Tests.Maintenance;

[Collection(RealServersCollection.Name)]
public sealed class MaintenanceServiceTests(RealServersFixture servers, ITestOutputHelper output)
{
    [Fact]
    public async Task The_running_service_migrates_reports_its_status_and_guards_its_trigger_with_the_api_key()
    {
        await using var redis = await RedisServer.CreateAsync();
        var database = await servers.CreateDatabaseAsync();
        await using var app = await MaintenanceHost.CreateAsync(redis.ConnectionString, database, output);
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        using var status = JsonDocument.Parse(await http.GetStringAsync("/api/maintenance/status"));
        var root = status.RootElement;
        Assert.Equal("postgresql", root.GetProperty("mode").GetString());
        Assert.True(root.GetProperty("migrations").GetProperty("applied").GetInt32() > 0);
        Assert.Equal(0, root.GetProperty("migrations").GetProperty("pending").GetInt32());
        Assert.True(root.GetProperty("tables").TryGetProperty("scan_results", out _));
        Assert.True(root.GetProperty("redis").GetProperty("used_memory").GetInt64() > 0);

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsync("/api/maintenance/persist-scan-results", null)).StatusCode);
        using (var wrong = new HttpRequestMessage(HttpMethod.Post, "/api/maintenance/persist-scan-results"))
        {
            wrong.Headers.Add("X-Api-Key", "not-the-key-at-all-0000");
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(wrong)).StatusCode);
        }
        using var right = new HttpRequestMessage(HttpMethod.Post, "/api/maintenance/persist-scan-results");
        right.Headers.Add("X-Api-Key", MaintenanceHost.ApiKey);
        using var accepted = await http.SendAsync(right);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal("started", (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        await app.StopAsync();
    }

    [Fact]
    public async Task Health_turns_degraded_with_the_reason_when_redis_memory_passes_the_threshold()
    {
        await using var redis = await RedisServer.CreateAsync("--maxmemory", "4mb", "--maxmemory-policy", "noeviction");
        var database = await servers.CreateDatabaseAsync();
        await using var app = await MaintenanceHost.CreateAsync(redis.ConnectionString, database, output, start: false);
        var watch = app.Services.GetRequiredService<RedisMemoryWatch>();
        await watch.SampleAsync(CancellationToken.None);
        Assert.Equal(HealthStatus.Healthy, (await watch.CheckHealthAsync(new HealthCheckContext())).Status);

        var cache = app.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var filler = new string('x', 16 * 1024);
        var refused = false;
        for (var i = 0; i < 1_000 && !refused; i++)
        {
            try
            {
                await cache.StringSetAsync($"filler:{i}", filler);
            }
            catch (RedisServerException ex) when (ex.Message.StartsWith("OOM", StringComparison.Ordinal))
            {
                refused = true; // noeviction: a full Redis refuses the write instead of dropping keys
            }
        }
        var sample = await watch.SampleAsync(CancellationToken.None);
        var health = await watch.CheckHealthAsync(new HealthCheckContext());

        Assert.True(refused);
        Assert.True(sample.Ratio >= 0.8, $"ratio {sample.Ratio}");
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Contains("noeviction", health.Description, StringComparison.Ordinal);
    }
}
