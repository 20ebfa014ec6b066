using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Tradeul.Tests.Infrastructure;

/// <summary>
/// A real redis-server process on a free loopback port in its own temporary folder. It can
/// be killed and started again on the same port and folder, so tests can take Redis away
/// from a running service and give it back (with its AOF, when started with one).
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly string[] _extraArguments;
    private Process? _process;

    private RedisServer(string[] extraArguments)
    {
        _extraArguments = extraArguments;
        Port = FreePort.Next();
        Directory = System.IO.Directory.CreateTempSubdirectory("tradeul-redis-").FullName;
    }

    public int Port { get; }
    public string Directory { get; }
    public string ConnectionString => $"127.0.0.1:{Port}";
    public bool IsRunning => _process is { HasExited: false };

    /// <param name="extraArguments">redis-server options, e.g. "--appendonly", "yes".</param>
    public static async Task<RedisServer> CreateAsync(params string[] extraArguments)
    {
        var server = new RedisServer(extraArguments);
        try
        {
            await server.StartAsync();
            return server;
        }
        catch
        {
            // Nobody gets a server to dispose: its process and folder go here.
            await server.DisposeAsync();
            throw;
        }
    }

    public async Task StartAsync()
    {
        if (IsRunning)
        {
            return;
        }
        var info = new ProcessStartInfo(ServerBinaries.RedisServer()) { UseShellExecute = false };
        string[] arguments =
        [
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1",
            "--dir", Directory,
            "--logfile", Path.Combine(Directory, "redis.log"),
            "--save", "",
            "--appendonly", "no",
            "--daemonize", "no",
            .. _extraArguments,
        ];
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        _process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start.");
        try
        {
            await Eventually.Until(PingAsync, ok => ok || _process.HasExited, $"redis-server on port {Port}", TimeSpan.FromSeconds(20));
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"redis-server on port {Port} did not answer PING:\n{ReadLog()}");
        }
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"redis-server exited with {_process.ExitCode}:\n{ReadLog()}");
        }
    }

    /// <summary>SIGKILL: no shutdown, no final save, like a crash.</summary>
    public async Task KillAsync()
    {
        if (_process is null || _process.HasExited)
        {
            return;
        }
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM: Redis flushes its AOF (when on) and exits, as on a normal shutdown.</summary>
    public async Task ShutdownAsync()
    {
        if (_process is null || _process.HasExited)
        {
            return;
        }
        await ProcessRunner.RunAsync("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await _process.WaitForExitAsync();
    }

    public async Task RestartAsync()
    {
        await KillAsync();
        await StartAsync();
    }

    public string ReadLog()
    {
        var log = Path.Combine(Directory, "redis.log");
        return File.Exists(log) ? File.ReadAllText(log) : "(no log)";
    }

    private async Task<bool> PingAsync()
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", Port);
        var stream = client.GetStream();
        await stream.WriteAsync("PING\r\n"u8.ToArray());
        var buffer = new byte[64];
        var read = await stream.ReadAsync(buffer);
        // "-LOADING" while an AOF is replayed: not ready yet.
        return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; failing a test over it is not.
        }
    }
}
