using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Tradeul.AppHost.Local;

/// <summary>
/// What the AppHost does to a local cluster itself: <c>initdb</c> on first start, then, over the owner-only
/// Unix socket (trust there, scram-sha-256 on TCP), the role's password and the databases.
/// </summary>
internal static class LocalPostgresCluster
{
    private static readonly TimeSpan InitDbTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Creates the cluster when it has no <c>global/pg_control</c> (a second run reuses it).</summary>
    /// <exception cref="TradeulConfigurationException">A folder cannot be made, or initdb failed or timed out; its output is in the message.</exception>
    public static async Task EnsureInitializedAsync(LocalPostgresLayout layout, ILogger logger, CancellationToken cancellationToken)
    {
        var parent = Path.GetDirectoryName(layout.ClusterDirectory)!;
        LocalExecutables.CreateDataDirectory(parent);
        if (layout.RunAsUser is { } user)
        {
            RequireReachableBy(user, parent);
            // The server runs as this user: it must own its folders.
            await RunAsync("chown", "chown", [$"{user}:", parent], logger, cancellationToken);
        }

        if (File.Exists(Path.Combine(layout.ClusterDirectory, "global", "pg_control")))
        {
            logger.LogInformation("Reusing the PostgreSQL cluster in {ClusterDirectory}", layout.ClusterDirectory);
            return;
        }

        if (File.Exists(layout.ClusterDirectory) || (Directory.Exists(layout.ClusterDirectory) && Directory.EnumerateFileSystemEntries(layout.ClusterDirectory).Any()))
        {
            throw new TradeulConfigurationException(
                $"{layout.ClusterDirectory} exists but holds no PostgreSQL cluster (no global/pg_control). " +
                "Remove it and the AppHost creates a new one, or set Tradeul:DataDirectory elsewhere.");
        }
        if (Directory.Exists(layout.ClusterDirectory))
        {
            Directory.Delete(layout.ClusterDirectory); // empty: the rename below needs the name free
        }

        // initdb writes into a folder of its own, renamed into place only when it succeeded: a start stopped
        // half-way (Ctrl-C during the first run) leaves no half-made cluster that later runs would try to reuse.
        var building = layout.ClusterDirectory + ".initdb";
        if (Directory.Exists(building))
        {
            Directory.Delete(building, recursive: true);
        }
        logger.LogInformation("Creating a PostgreSQL cluster in {ClusterDirectory} (first run)", layout.ClusterDirectory);
        string[] initdb =
        [
            layout.Executable("initdb"), "-D", building, "-U", LocalPostgresServerResource.UserName,
            "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-instructions",
        ];
        var (command, args) = AsServerUser(layout, initdb);
        await RunAsync("initdb", command, args, logger, cancellationToken);
        Directory.Move(building, layout.ClusterDirectory);
    }

    /// <summary>
    /// Creates the socket directory, owned by the server's user and open to it alone (so only it may use the socket),
    /// just before the server starts: an AppHost that stops earlier (a configuration error) leaves none behind.
    /// </summary>
    /// <exception cref="TradeulConfigurationException">It cannot be made.</exception>
    public static async Task CreateSocketDirectoryAsync(LocalPostgresLayout layout, ILogger logger, CancellationToken cancellationToken)
    {
        LocalExecutables.CreateDataDirectory(layout.SocketDirectory);
        if (layout.RunAsUser is { } user)
        {
            await RunAsync("chown", "chown", [$"{user}:", layout.SocketDirectory], logger, cancellationToken);
        }
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(layout.SocketDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>
    /// Removes the socket directory once the AppHost has stopped: it lives in the system temp folder, where each
    /// cluster (each test's data folder) would otherwise leave one behind. A server killed instead of stopped leaves
    /// its socket and lock files in it; they go too.
    /// </summary>
    public static void RemoveSocketDirectory(LocalPostgresLayout layout, ILogger logger)
    {
        try
        {
            if (Directory.Exists(layout.SocketDirectory))
            {
                Directory.Delete(layout.SocketDirectory, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Could not remove PostgreSQL's socket directory {SocketDirectory}: {Reason}", layout.SocketDirectory, ex.Message);
        }
    }

    /// <summary>
    /// The server's user must be able to walk down to its folder: every folder above it needs the others' execute
    /// bit (a checkout under /root, mode 0700, has not). Said up front, instead of a server that never starts.
    /// </summary>
    /// <exception cref="TradeulConfigurationException">A folder above <paramref name="directory"/> is closed to others.</exception>
    private static void RequireReachableBy(string user, string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        for (var current = Path.GetDirectoryName(directory); current is not null; current = Path.GetDirectoryName(current))
        {
            if ((File.GetUnixFileMode(current) & UnixFileMode.OtherExecute) == 0)
            {
                throw new TradeulConfigurationException(
                    $"PostgreSQL runs as '{user}' and cannot reach {directory}: {current} is closed to other users. " +
                    $"Set Tradeul:DataDirectory to a folder outside it (e.g. /var/tmp/tradeul), or allow it with: chmod o+x {current}");
            }
        }
    }

    /// <summary>The command line run as <see cref="LocalPostgresLayout.RunAsUser"/> when there is one (setpriv execs: no extra process).</summary>
    public static (string Command, string[] Args) AsServerUser(LocalPostgresLayout layout, string[] commandLine) =>
        layout.RunAsUser is { } user
            ? ("setpriv", [$"--reuid={user}", $"--regid={user}", "--init-groups", .. commandLine])
            : (commandLine[0], commandLine[1..]);

    /// <summary>
    /// What pg_isready checks (a connection on the socket, done here with Npgsql), and when <paramref name="passwordToSet"/> is given, the role's password set to it
    /// (so a kept cluster follows a new parameter value). Returns null when ready, else why not.
    /// </summary>
    public static async Task<string?> ProbeAsync(LocalPostgresLayout layout, int port, string? passwordToSet, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(SocketConnectionString(layout, port, "postgres"));
            await connection.OpenAsync(cancellationToken);
            if (passwordToSet is null)
            {
                return null;
            }
            // The statement carries the password in clear: keep it out of the server log should it fail
            // (superuser-only setting, this session only).
            await using (var quiet = new NpgsqlCommand("SET log_min_error_statement = panic; SET log_statement = 'none'", connection))
            {
                await quiet.ExecuteNonQueryAsync(cancellationToken);
            }
            // ALTER ROLE takes no bind parameters; format(%I, %L) quotes the values inside the server.
            await using var command = new NpgsqlCommand("SELECT format('ALTER ROLE %I PASSWORD %L', $1::text, $2::text)", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = LocalPostgresServerResource.UserName });
            command.Parameters.Add(new NpgsqlParameter { Value = passwordToSet });
            var alter = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
            await using var apply = new NpgsqlCommand(alter, connection);
            await apply.ExecuteNonQueryAsync(cancellationToken);
            return null;
        }
        catch (PostgresException ex)
        {
            // The server answered but refused (never with the statement's text: it holds the password).
            return $"PostgreSQL refused to set the password: {ex.SqlState} {ex.MessageText}";
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
        {
            return $"PostgreSQL is not accepting connections on port {port} yet: {ex.Message}";
        }
    }

    /// <summary>Creates each database that does not exist yet (idempotent; names are quoted by the server).</summary>
    public static async Task CreateDatabasesAsync(LocalPostgresLayout layout, int port, IEnumerable<string> databases, ILogger logger, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(SocketConnectionString(layout, port, "postgres"));
        await connection.OpenAsync(cancellationToken);
        foreach (var database in databases)
        {
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
            exists.Parameters.Add(new NpgsqlParameter { Value = database });
            if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
            {
                continue;
            }
            await using var quote = new NpgsqlCommand("SELECT format('CREATE DATABASE %I', $1::text)", connection);
            quote.Parameters.Add(new NpgsqlParameter { Value = database });
            await using var create = new NpgsqlCommand((string)(await quote.ExecuteScalarAsync(cancellationToken))!, connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
            logger.LogInformation("Created database {Database}", database);
        }
    }

    private static string SocketConnectionString(LocalPostgresLayout layout, int port, string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = layout.SocketDirectory,
            Port = port,
            Username = LocalPostgresServerResource.UserName,
            Database = database,
            Pooling = false, // the AppHost's own connections must not keep a smart shutdown waiting
            Timeout = 3,
        }.ConnectionString;

    /// <param name="program">The name a person knows it by (initdb, not the setpriv that runs it as postgres).</param>
    private static async Task RunAsync(string program, string command, string[] args, ILogger logger, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(command)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)
            ?? throw new TradeulConfigurationException($"Could not start {command}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(InitDbTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TradeulConfigurationException($"{program} did not finish within {InitDbTimeout.TotalSeconds:0} s.");
        }
        var output = (await stdout + await stderr).Trim();
        if (process.ExitCode != 0)
        {
            throw new TradeulConfigurationException($"{program} failed with exit code {process.ExitCode}: {output}");
        }
        if (output.Length > 0)
        {
            logger.LogInformation("{Program}: {Output}", program, output);
        }
    }
}
