namespace Tradeul.AppHost.Tests;

/// <summary>
/// The real AppHost in <c>local</c> mode (redis-server and PostgreSQL as executables, no container engine) with
/// the dashboard, started once for the tests of the <see cref="LocalPlatformCollection"/>: randomized ports and
/// its own data folder, so it never collides with a <c>./run.sh</c> on the same machine.
/// </summary>
public sealed class LocalPlatform : IAsyncLifetime
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    /// <summary>Key for the dashboard's telemetry API (<c>x-api-key</c> on <c>/api/telemetry/*</c>).</summary>
    public string DashboardApiKey { get; } = AppHostModel.Secret();

    public string MaintenanceApiKey { get; private set; } = "";

    public string DataDirectory { get; } = TestDataDirectory.Create();

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The platform did not start.");

    private DistributedApplication? _app;

    public async Task InitializeAsync()
    {
        var builder = await AppHostModel.CreateAsync("local", DataDirectory, dashboard: true);
        builder.Configuration["AppHost:DashboardApiKey"] = DashboardApiKey;
        MaintenanceApiKey = builder.Configuration["Parameters:maintenance-api-key"]!;

        using var timeout = new CancellationTokenSource(StartTimeout);
        _app = await builder.BuildAsync(timeout.Token);
        await _app.StartAsync(timeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        TestDataDirectory.Delete(DataDirectory);
    }
}

[CollectionDefinition(Name)]
public sealed class LocalPlatformCollection : ICollectionFixture<LocalPlatform>
{
    public const string Name = "local platform";
}

/// <summary>A data folder per test run under the system temp folder, reachable by the postgres user.</summary>
internal static class TestDataDirectory
{
    public static string Create()
    {
        var directory = Directory.CreateTempSubdirectory("tradeul-apphost-").FullName;
        // CreateTempSubdirectory makes it owner-only; PostgreSQL runs as 'postgres' and must reach its cluster below.
        File.SetUnixFileMode(directory,
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
            UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        return directory;
    }

    public static void Delete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A server that has just exited may still be closing a file; the temp folder is the system's to clean.
        }
        catch (UnauthorizedAccessException)
        {
            // As above: when not root, the postgres-owned cluster may not be removable by this user.
        }
    }
}
