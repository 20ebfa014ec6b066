using System.Globalization;

namespace Tradeul.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL cluster (initdb + pg_ctl) on a free loopback port in a temporary
/// folder, with trust authentication for the <c>postgres</c> superuser. PostgreSQL refuses
/// to run as root, so under root the binaries run as the <c>postgres</c> user that
/// Debian's package creates.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string OsUser = "postgres";
    private readonly string _bin;
    private readonly string _root;

    private PostgresServer()
    {
        _bin = ServerBinaries.PostgresBin();
        Port = FreePort.Next();
        _root = System.IO.Directory.CreateTempSubdirectory("tradeul-pg-").FullName;
    }

    public int Port { get; }
    private string DataDirectory => Path.Combine(_root, "data");
    private string LogFile => Path.Combine(_root, "postgres.log");

    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Timeout=5;Command Timeout=30";

    public static async Task<PostgresServer> CreateAsync()
    {
        var server = new PostgresServer();
        if (ProcessRunner.IsRoot)
        {
            await ProcessRunner.RunAsync("chown", [OsUser, server._root]);
        }
        await server.RunAsync("initdb", ["-D", server.DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"]);
        await server.StartAsync();
        return server;
    }

    public Task StartAsync() => RunAsync("pg_ctl",
    [
        "-D", DataDirectory, "-l", LogFile, "-w", "-t", "60",
        // Durability is not under test here; speed is welcome.
        "-o", $"-p {Port.ToString(CultureInfo.InvariantCulture)} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
        "start",
    ]);

    public Task StopAsync() => RunAsync("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "stop"]);

    private Task<string> RunAsync(string tool, IEnumerable<string> arguments)
    {
        var path = Path.Combine(_bin, tool);
        return ProcessRunner.IsRoot
            ? ProcessRunner.RunAsync("runuser", ["-u", OsUser, "--", path, .. arguments])
            : ProcessRunner.RunAsync(path, arguments);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (InvalidOperationException)
        {
            // Already stopped by the test.
        }
        try
        {
            System.IO.Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
