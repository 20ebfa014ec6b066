using System.Globalization;

namespace Tradeul.AppHost.Tests;

/// <summary>Disposing the app stops every process it started: servers, services and their children.</summary>
public sealed class ProcessCleanupTests
{
    private static readonly string[] Resources = ["redis", "timescaledb", "maintenance", "ingest", "scanner"];

    [Fact]
    public async Task Disposing_the_app_leaves_no_redis_server_postgres_or_service_process_behind()
    {
        var dataDirectory = TestDataDirectory.Create();
        try
        {
            var builder = await AppHostModel.CreateAsync("local", dataDirectory);
            IReadOnlyList<SeenProcess> started;
            using (var timeout = new CancellationTokenSource(LocalPlatform.StartTimeout))
            {
                var app = await builder.BuildAsync(timeout.Token);
                try
                {
                    await app.StartAsync(timeout.Token);
                    foreach (var name in Resources)
                    {
                        await app.ResourceNotifications.WaitForResourceHealthyAsync(name, timeout.Token);
                    }
                    var roots = new List<int>();
                    foreach (var name in Resources)
                    {
                        Assert.True(app.ResourceNotifications.TryGetCurrentState(name, out var state), name);
                        var pid = state.Snapshot.Properties.Single(p => p.Name == "executable.pid").Value;
                        roots.Add(Convert.ToInt32(pid, CultureInfo.InvariantCulture));
                    }
                    started = ProcessTree.See(ProcessTree.WithDescendants(roots));
                    // postgres forks its background workers; dotnet run starts the service's own process.
                    Assert.True(started.Count > Resources.Length, $"expected child processes, found {started.Count}");
                    Assert.Contains(started, process => process.CommandLine.Contains("redis-server"));
                    Assert.Contains(started, process => process.CommandLine.Contains("postgres"));
                }
                finally
                {
                    await app.DisposeAsync();
                }
            }

            var alive = await ProcessTree.StillRunningAfterAsync(started, TimeSpan.FromSeconds(30));
            Assert.True(alive.Count == 0, "still running: " + string.Join("; ", alive));
        }
        finally
        {
            TestDataDirectory.Delete(dataDirectory);
        }
    }
}
