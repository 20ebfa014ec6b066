using System.Net;
using System.Text.Json;
using StackExchange.Redis;

namespace Tradeul.AppHost.Tests;

/// <summary>The whole platform as <c>dotnet run --project Tradeul.AppHost</c> starts it here, with no container engine.</summary>
[Collection(LocalPlatformCollection.Name)]
public sealed class RunningPlatformTests(LocalPlatform platform)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Every_resource_becomes_healthy_after_the_migration_step_finished()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var notifications = platform.App.ResourceNotifications;

        var migrated = await notifications.WaitForResourceAsync("migrate", e => e.Snapshot.ExitCode is not null, timeout.Token);
        Assert.Equal(0, migrated.Snapshot.ExitCode);
        Assert.Equal(KnownResourceStates.Finished, migrated.Snapshot.State?.Text);

        foreach (var name in new[] { "redis", "timescaledb", "tradeul", "maintenance", "ingest", "scanner" })
        {
            var healthy = await notifications.WaitForResourceHealthyAsync(name, timeout.Token);
            Assert.Equal(KnownResourceStates.Running, healthy.Snapshot.State?.Text);
        }
    }

    [Fact]
    public async Task Scanner_scans_the_whole_simulated_market_of_12000_tickers()
    {
        using var timeout = new CancellationTokenSource(Patience);
        await platform.App.ResourceNotifications.WaitForResourceHealthyAsync("scanner", timeout.Token);
        using var http = platform.App.CreateHttpClient("scanner");

        JsonElement stats;
        do
        {
            using var document = JsonDocument.Parse(await http.GetStringAsync("/api/stats", timeout.Token));
            stats = document.RootElement.Clone();
            if (stats.GetProperty("cycles").GetInt64() == 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), timeout.Token);
            }
        }
        while (stats.GetProperty("cycles").GetInt64() == 0);

        Assert.Equal(12_000, stats.GetProperty("tickers_in").GetInt64());
        Assert.Equal(0, stats.GetProperty("dead_lettered").GetInt64());
    }

    [Fact]
    public async Task A_category_stream_yields_a_full_event_then_deltas_in_sequence()
    {
        using var timeout = new CancellationTokenSource(Patience);
        await platform.App.ResourceNotifications.WaitForResourceHealthyAsync("scanner", timeout.Token);
        using var http = platform.App.CreateHttpClient("scanner");

        await using var stream = await http.GetStreamAsync("/api/categories/gappers_up/stream", timeout.Token);
        var events = new ServerSentEvents(stream);

        var full = await events.NextAsync(timeout.Token);
        Assert.Equal("full", full.Event);
        var sequence = JsonDocument.Parse(full.Data).RootElement.GetProperty("sequence").GetInt64();

        for (var i = 0; i < 2; i++)
        {
            var delta = await events.NextAsync(timeout.Token);
            Assert.Equal("delta", delta.Event);
            var next = JsonDocument.Parse(delta.Data).RootElement.GetProperty("sequence").GetInt64();
            Assert.Equal(sequence + 1, next);
            sequence = next;
        }
    }

    [Fact]
    public async Task Maintenance_reports_its_storage_mode_and_applied_migrations_and_guards_its_trigger()
    {
        using var timeout = new CancellationTokenSource(Patience);
        await platform.App.ResourceNotifications.WaitForResourceHealthyAsync("maintenance", timeout.Token);
        using var http = platform.App.CreateHttpClient("maintenance");

        using var status = JsonDocument.Parse(await http.GetStringAsync("/api/maintenance/status", timeout.Token));
        // Plain PostgreSQL from the machine's packages (no TimescaleDB package here); "timescaledb" where it is installed.
        Assert.Contains(status.RootElement.GetProperty("mode").GetString(), new[] { "postgresql", "timescaledb", "timescaledb-apache" });
        var migrations = status.RootElement.GetProperty("migrations");
        Assert.True(migrations.GetProperty("applied").GetInt32() > 0);
        Assert.Equal(0, migrations.GetProperty("pending").GetInt32());

        Assert.True(status.RootElement.GetProperty("snapshot").GetProperty("refreshes").GetInt64() >= 1);

        using var anonymous = await http.PostAsync("/api/maintenance/persist-scan-results", content: null, timeout.Token);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);

        // A manual run works every time and its outcome shows at its location. The run at start may still be going
        // (409 names it); then this one waits for that run and asks again.
        for (var post = 0; post < 2; post++)
        {
            var run = await ManualRunAsync(http, timeout.Token);
            Assert.Equal("manual", run.GetProperty("trigger").GetString());
            // ok once the Scanner has published, or missed before it has; never failed.
            Assert.Contains(run.GetProperty("outcome").GetString(), new[] { "ok", "missed" });
        }
    }

    /// <summary>Starts a manual persistence run (after the one going on, if any) and follows it to its end.</summary>
    private async Task<JsonElement> ManualRunAsync(HttpClient http, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/maintenance/persist-scan-results");
            request.Headers.Add("X-Api-Key", platform.MaintenanceApiKey);
            using var answer = await http.SendAsync(request, cancellationToken);
            Assert.True(answer.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.Conflict, answer.StatusCode.ToString());
            using var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync(cancellationToken));
            var location = answer.StatusCode == HttpStatusCode.Accepted
                ? answer.Headers.Location!.OriginalString
                : body.RootElement.GetProperty("run_url").GetString()!;
            JsonElement run;
            do
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
                using var current = JsonDocument.Parse(await http.GetStringAsync(location, cancellationToken));
                run = current.RootElement.Clone();
            }
            while (run.GetProperty("outcome").GetString() == "running");
            if (answer.StatusCode == HttpStatusCode.Accepted)
            {
                return run;
            }
        }
    }

    [Fact]
    public async Task Redis_runs_with_noeviction_aof_4gb_a_password_and_on_loopback_only()
    {
        using var timeout = new CancellationTokenSource(Patience);
        await platform.App.ResourceNotifications.WaitForResourceHealthyAsync("redis", timeout.Token);
        var connectionString = await platform.App.GetConnectionStringAsync("redis", timeout.Token);
        var options = ConfigurationOptions.Parse(connectionString!);
        Assert.False(string.IsNullOrEmpty(options.Password));
        options.AllowAdmin = true; // CONFIG GET is an admin command

        await using var redis = await ConnectionMultiplexer.ConnectAsync(options);
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        Assert.Equal("noeviction", await ConfigAsync(server, "maxmemory-policy"));
        Assert.Equal("yes", await ConfigAsync(server, "appendonly"));
        Assert.Equal((4L * 1024 * 1024 * 1024).ToString(), await ConfigAsync(server, "maxmemory"));
        Assert.Equal("127.0.0.1", await ConfigAsync(server, "bind"));

        var withoutPassword = options.Clone();
        withoutPassword.Password = null;
        withoutPassword.AbortOnConnectFail = true;
        var refused = await Assert.ThrowsAsync<RedisConnectionException>(() => ConnectionMultiplexer.ConnectAsync(withoutPassword));
        Assert.Contains("NOAUTH", refused.ToString());
    }

    [Fact]
    public async Task Local_data_lives_in_the_configured_folder()
    {
        using var timeout = new CancellationTokenSource(Patience);
        await platform.App.ResourceNotifications.WaitForResourceHealthyAsync("tradeul", timeout.Token);

        Assert.True(File.Exists(Path.Combine(platform.DataDirectory, "postgres", "cluster", "PG_VERSION")));
        Assert.True(Directory.Exists(Path.Combine(platform.DataDirectory, "redis", "appendonlydir")));
        // The Redis password's file and the AOF are for their owner only.
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(platform.DataDirectory, "redis", "tradeul-redis.conf")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(platform.DataDirectory, "redis")));
    }

    private static async Task<string?> ConfigAsync(IServer server, string name) =>
        (await server.ConfigGetAsync(name)).SingleOrDefault(pair => pair.Key == name).Value;
}
