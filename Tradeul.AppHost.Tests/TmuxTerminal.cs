using System.ComponentModel;
using System.Globalization;
using Tradeul.Tests.Infrastructure;

namespace Tradeul.AppHost.Tests;

/// <summary>
/// A terminal a person types into: an interactive bash (no profile, no rc file) in a tmux server of its own, its
/// socket in a folder the test owns. A typed command line runs as the terminal's foreground job, so Ctrl-C reaches it
/// as a keyboard's does: SIGINT to every process of that job.
/// </summary>
internal sealed class TmuxTerminal : IAsyncDisposable
{
    private const string Session = "terminal";
    private readonly string _socket;

    private TmuxTerminal(string socket) => _socket = socket;

    /// <summary>Opens the terminal with <paramref name="directory"/> as the shell's working folder.</summary>
    /// <exception cref="InvalidOperationException">tmux is not installed, or could not start.</exception>
    public static async Task<TmuxTerminal> StartAsync(string directory)
    {
        var terminal = new TmuxTerminal(Path.Combine(directory, "tmux.sock"));
        try
        {
            await terminal.TmuxAsync("-f", "/dev/null", "new-session", "-d", "-s", Session, "-x", "200", "-y", "50", "-c", directory,
                "bash", "--norc", "--noprofile");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException("tmux is not installed. ./test.sh installs it (Debian/Ubuntu apt package 'tmux').", ex);
        }
        return terminal;
    }

    /// <summary>Types <paramref name="line"/> and Enter.</summary>
    public async Task TypeAsync(string line)
    {
        await TmuxAsync("send-keys", "-t", Session, "-l", line);
        await TmuxAsync("send-keys", "-t", Session, "Enter");
    }

    public Task PressCtrlCAsync() => TmuxAsync("send-keys", "-t", Session, "C-c");

    /// <summary>The interactive shell's process id.</summary>
    public async Task<int> ShellPidAsync() =>
        int.Parse((await TmuxAsync("display-message", "-p", "-t", Session, "#{pane_pid}")).Trim(), CultureInfo.InvariantCulture);

    /// <summary>What the terminal shows, with up to 200 lines of what scrolled off: for a failing test's message.</summary>
    public async Task<string> ScreenAsync()
    {
        try
        {
            return await TmuxAsync("capture-pane", "-p", "-t", Session, "-S", "-200");
        }
        catch (InvalidOperationException ex)
        {
            return $"(no screen: {ex.Message})";
        }
    }

    /// <summary>Closes the terminal as a person closes its window: the shell gets SIGHUP and passes it on to its jobs.</summary>
    public Task CloseAsync() => TmuxAsync("kill-session", "-t", Session);

    /// <summary>Closes the terminal and ends its tmux server, if still open.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await TmuxAsync("kill-server");
        }
        catch (InvalidOperationException)
        {
            // The server had already ended with its last shell.
        }
    }

    private Task<string> TmuxAsync(params string[] arguments) =>
        ProcessRunner.RunAsync("tmux", ["-S", _socket, .. arguments], TimeSpan.FromSeconds(30));
}
