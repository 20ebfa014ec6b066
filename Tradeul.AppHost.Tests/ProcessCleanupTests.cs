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
            HashSet<int> started;
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
                    started = ProcessTree.WithDescendants(roots);
                    // postgres forks its background workers; dotnet run starts the service's own process.
                    Assert.True(started.Count > Resources.Length, $"expected child processes, found {started.Count}");
                    Assert.Contains(started, pid => ProcessTree.CommandLine(pid).Contains("redis-server"));
                    Assert.Contains(started, pid => ProcessTree.CommandLine(pid).Contains("postgres"));
                }
                finally
                {
                    await app.DisposeAsync();
                }
            }

            // Give exiting processes a bounded moment to be reaped; poll, never a fixed sleep.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            var alive = started.Where(ProcessTree.IsAlive).ToList();
            while (alive.Count > 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
                alive = started.Where(ProcessTree.IsAlive).ToList();
            }
            Assert.True(alive.Count == 0, "still running: " + string.Join("; ", alive.Select(pid => $"{pid} {ProcessTree.CommandLine(pid)}")));
        }
        finally
        {
            TestDataDirectory.Delete(dataDirectory);
        }
    }
}

/// <summary>Processes read from /proc (Linux): parents, command lines, liveness.</summary>
internal static class ProcessTree
{
    public static HashSet<int> WithDescendants(IEnumerable<int> roots)
    {
        var parents = Directory.EnumerateDirectories("/proc")
            .Select(dir => int.TryParse(Path.GetFileName(dir), out var pid) ? pid : 0)
            .Where(pid => pid > 0)
            .Select(pid => (Pid: pid, Parent: Parent(pid)))
            .Where(entry => entry.Parent > 0)
            .ToList();
        var result = new HashSet<int>(roots);
        bool added;
        do
        {
            added = false;
            foreach (var (pid, parent) in parents)
            {
                if (result.Contains(parent) && result.Add(pid))
                {
                    added = true;
                }
            }
        }
        while (added);
        return result;
    }

    /// <summary>True while the process exists and is not a zombie.</summary>
    public static bool IsAlive(int pid)
    {
        var stat = Stat(pid);
        return stat is not null && StateOf(stat) != 'Z';
    }

    public static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static int Parent(int pid)
    {
        var stat = Stat(pid);
        // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ')'.
        return stat is null ? 0 : int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
    }

    private static char StateOf(string stat) => stat[stat.LastIndexOf(')') + 2];

    private static string? Stat(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
    }
}
