using System.Net;
using System.Text.Json;
using StackExchange.Redis;

namespace Tradeul.AppHost.Tests;

/// <summary>The platform as the AppHost starts it, on real containers.</summary>
public sealed class RunningPlatformTests(RunningTradeul platform) : IClassFixture<RunningTradeul>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    [RequiresContainerRuntimeFact]
    public async Task Every_resource_becomes_healthy_after_the_migration_step_exits_0()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var notifications = platform.App.ResourceNotifications;

        var migrated = await notifications.WaitForResourceAsync("migrate", e => e.Snapshot.ExitCode is not null, timeout.Token);
        Assert.Equal(0, migrated.Snapshot.ExitCode);

        foreach (var name in new[] { "redis", "timescaledb", "tradeul", "maintenance", "ingest", "scanner" })
        {
            await notifications.WaitForResourceHealthyAsync(name, timeout.Token);
        }
    }

    [RequiresContainerRuntimeFact]
    public async Task Scanner_stats_show_completed_scan_cycles()
    {
        using var timeout = new CancellationTokenSource(Patience);
        await platform.App.ResourceNotifications.WaitForResourceHealthyAsync("scanner", timeout.Token);
        using var http = platform.App.CreateHttpClient("scanner");

        long cycles = 0;
        while (cycles == 0)
        {
            using var stats = JsonDocument.Parse(await http.GetStringAsync("/api/stats", timeout.Token));
            cycles = stats.RootElement.GetProperty("cycles").GetInt64();
            if (cycles == 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(2), timeout.Token);
            }
        }

        Assert.True(cycles > 0);
    }

    [RequiresContainerRuntimeFact]
    public async Task Redis_runs_with_noeviction_aof_and_4gb()
    {
        using var timeout = new CancellationTokenSource(Patience);
        await platform.App.ResourceNotifications.WaitForResourceHealthyAsync("redis", timeout.Token);
        var connectionString = await platform.App.GetConnectionStringAsync("redis", timeout.Token);
        var options = ConfigurationOptions.Parse(connectionString!);
        options.AllowAdmin = true; // CONFIG GET is an admin command

        await using var redis = await ConnectionMultiplexer.ConnectAsync(options);
        var server = redis.GetServer(redis.GetEndPoints()[0]);

        Assert.Equal("noeviction", await ConfigAsync(server, "maxmemory-policy"));
        Assert.Equal("yes", await ConfigAsync(server, "appendonly"));
        Assert.Equal((4L * 1024 * 1024 * 1024).ToString(), await ConfigAsync(server, "maxmemory"));
    }

    [RequiresContainerRuntimeFact]
    public async Task Maintenance_reports_full_timescaledb_and_guards_its_trigger_with_the_api_key()
    {
        using var timeout = new CancellationTokenSource(Patience);
        await platform.App.ResourceNotifications.WaitForResourceHealthyAsync("maintenance", timeout.Token);
        using var http = platform.App.CreateHttpClient("maintenance");

        using var status = JsonDocument.Parse(await http.GetStringAsync("/api/maintenance/status", timeout.Token));
        Assert.Equal("timescaledb", status.RootElement.GetProperty("mode").GetString());

        using var anonymous = await http.PostAsync("/api/maintenance/persist-scan-results", content: null, timeout.Token);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/maintenance/persist-scan-results");
        request.Headers.Add("X-Api-Key", platform.MaintenanceApiKey);
        using var keyed = await http.SendAsync(request, timeout.Token);
        Assert.Equal(HttpStatusCode.Accepted, keyed.StatusCode);
    }

    private static async Task<string?> ConfigAsync(IServer server, string name) =>
        (await server.ConfigGetAsync(name)).SingleOrDefault(pair => pair.Key == name).Value;
}
