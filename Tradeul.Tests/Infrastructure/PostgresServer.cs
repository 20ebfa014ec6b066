using System.Globalization;

namespace Tradeul.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL cluster (initdb + pg_ctl) on a free loopback port in a temporary
/// folder, with trust authentication for the <c>postgres</c> superuser. PostgreSQL refuses
/// to run as root, so under root the binaries run as the <c>postgres</c> user that
/// Debian's package creates. With <see cref="Timescale"/> set it starts with TimescaleDB
/// preloaded (which <see cref="TimescaleInstall"/> must have found installed).
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

    /// <summary>
    /// Null: plain PostgreSQL. Otherwise TimescaleDB is preloaded under that edition's license at the next
    /// <see cref="StartAsync"/> (so a test can migrate a database on plain PostgreSQL, then restart it with TimescaleDB).
    /// </summary>
    public TimescaleEdition? Timescale { get; set; }
    private string DataDirectory => Path.Combine(_root, "data");
    private string LogFile => Path.Combine(_root, "postgres.log");

    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Timeout=5;Command Timeout=30";

    public static async Task<PostgresServer> CreateAsync(TimescaleEdition? timescale = null)
    {
        var server = new PostgresServer { Timescale = timescale };
        try
        {
            if (ProcessRunner.IsRoot)
            {
                await ProcessRunner.RunAsync("chown", [OsUser, server._root]);
            }
            await server.RunAsync("initdb", ["-D", server.DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"]);
            await server.StartAsync();
            return server;
        }
        catch
        {
            // Nobody gets a server to dispose: its folder (and a server that started too slowly) goes here.
            await server.DisposeAsync();
            throw;
        }
    }

    public Task StartAsync() => RunAsync("pg_ctl",
    [
        "-D", DataDirectory, "-l", LogFile, "-w", "-t", "60",
        // Durability is not under test here; speed is welcome.
        "-o", $"-p {Port.ToString(CultureInfo.InvariantCulture)} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off{TimescaleSettings()}",
        "start",
    ]);

    /// <summary>
    /// Each test database where the extension is created keeps a TimescaleDB scheduler (a background worker)
    /// while the server runs, and each running policy job takes one more; PostgreSQL's default of 8 worker
    /// processes runs out after a few tests. Every database of a run fits in 64 TimescaleDB workers, and
    /// max_worker_processes adds PostgreSQL's 8 parallel workers and TimescaleDB's launcher (the sizing rule of
    /// TimescaleDB's "Troubleshoot jobs" documentation). Telemetry off: no test sends anything out.
    /// </summary>
    private string TimescaleSettings() => Timescale switch
    {
        null => "",
        var edition => " -c shared_preload_libraries=timescaledb -c timescaledb.telemetry_level=off" +
            " -c timescaledb.max_background_workers=64 -c max_worker_processes=73" +
            $" -c timescaledb.license={(edition == TimescaleEdition.Full ? "timescale" : "apache")}",
    };

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
