using System.Globalization;
using System.Text.RegularExpressions;
using Tradeul.Tests.Infrastructure;

namespace Tradeul.AppHost.Tests;

/// <summary>
/// <c>./run.sh</c> as a person runs it: typed into an interactive shell in a real terminal (tmux) and stopped with
/// Ctrl-C once every service answers. Wherever its output goes, it exits 0 and nothing it started is left running.
/// It runs on ports, a data folder and secrets of its own, so it never meets a person's <c>./run.sh</c> and writes
/// nothing to the AppHost's user secrets.
/// </summary>
public sealed partial class RunScriptTests
{
    /// <summary>dotnet run's build check, initdb, the migration step and three services, on a busy 2-core machine.</summary>
    private static readonly TimeSpan StartPatience = TimeSpan.FromMinutes(5);

    /// <summary>The AppHost stops the services and servers first; DCP's helpers end a moment after run.sh.</summary>
    private static readonly TimeSpan StopPatience = TimeSpan.FromMinutes(2);

    private static readonly string[] Services = ["ingest", "scanner", "maintenance"];

    /// <summary>What a running platform is made of, each of which must be seen running before Ctrl-C.</summary>
    private static readonly string[] Programs = ["Tradeul.AppHost", "dcp", "redis-server", "postgres", "Tradeul.Ingest", "Tradeul.Scanner", "Tradeul.Maintenance"];

    [Theory]
    [InlineData("2>&1", "| tee run.log")] // Ctrl-C ends tee as well: run.sh and dotnet then write to a pipe nobody reads
    [InlineData("2>&1", "| head -c 100")] // the reader is gone long before Ctrl-C
    [InlineData(">&-", "")] // no output at all
    public async Task Ctrl_C_stops_every_process_it_started_and_exits_0(string redirection, string pipe)
    {
        var directory = TestDataDirectory.Create();
        var terminal = await TmuxTerminal.StartAsync(directory);
        var shell = await terminal.ShellPidAsync();
        IReadOnlyList<SeenProcess> started = [];
        try
        {
            var ports = Services.ToDictionary(service => service, _ => FreePort.Next());
            var exitCodeFile = Path.Combine(directory, "exit-code");
            // The subshell records run.sh's own exit code (not tee's or head's) once run.sh has returned.
            var command = string.Join(' ', Arguments(directory, ports).Prepend(RunScript()).Select(Quote));
            await terminal.TypeAsync($"({command} {redirection}; echo $? > exit-code) {pipe}");

            await WaitUntilEveryServiceAnswersAsync(ports, exitCodeFile, terminal);
            started = PlatformProcesses(shell);
            foreach (var program in Programs)
            {
                Assert.True(started.Any(process => process.Program == program),
                    $"no {program} among the processes run.sh started: {string.Join(", ", started.Select(process => process.Program).Distinct())}");
            }

            await terminal.PressCtrlCAsync();

            var exitCode = await ExitCodeAsync(exitCodeFile, terminal);
            var left = await ProcessTree.StillRunningAfterAsync(started, TimeSpan.FromSeconds(30));
            Assert.True(exitCode == "0", $"run.sh exited {exitCode}: {await terminal.ScreenAsync()}");
            Assert.True(left.Count == 0, "still running after run.sh exited: " + string.Join("; ", left));
        }
        finally
        {
            // Whatever a failed run left goes down hard, so that no test run leaves a platform behind (what run.sh
            // started is no longer below the shell once run.sh has died, hence the list taken while it ran).
            var remaining = started.Concat(PlatformProcesses(shell)).ToList();
            await terminal.DisposeAsync();
            ProcessTree.Kill(remaining);
            TestDataDirectory.Delete(directory);
        }
    }

    /// <summary>The repository's run.sh, beside the AppHost's project folder.</summary>
    private static string RunScript()
    {
        var project = Projects.Tradeul_AppHost.ProjectPath;
        var projectDirectory = project.EndsWith(".csproj", StringComparison.Ordinal) ? Path.GetDirectoryName(project)! : project;
        var script = Path.GetFullPath(Path.Combine(projectDirectory, "..", "run.sh"));
        Assert.True(File.Exists(script), $"{script} is missing");
        return script;
    }

    /// <summary>
    /// Local servers in <paramref name="directory"/>, the services on <paramref name="ports"/>, the dashboard on free
    /// ports (over the launch profile's fixed ones: the command line wins over its environment) and every generated
    /// secret given, so none is generated and persisted.
    /// </summary>
    private static IEnumerable<string> Arguments(string directory, IReadOnlyDictionary<string, int> ports) =>
    [
        "--Tradeul:Servers=local",
        $"--Tradeul:DataDirectory={directory}",
        .. ports.Select(port => $"--Tradeul:Ports:{port.Key}={port.Value.ToString(CultureInfo.InvariantCulture)}"),
        .. new[] { "redis-password", "timescaledb-password", "maintenance-api-key" }.Select(name => $"--Parameters:{name}={AppHostModel.Secret()}"),
        .. AppHostProcess.RunModeOnFreePorts.Select(setting => $"--{setting.Key}={setting.Value}"),
    ];

    private static async Task WaitUntilEveryServiceAnswersAsync(IReadOnlyDictionary<string, int> ports, string exitCodeFile, TmuxTerminal terminal)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        foreach (var (service, port) in ports)
        {
            try
            {
                // Any HTTP answer: DCP's proxy holds the port from the start, but only the service itself answers.
                await Eventually.Until(
                    async () => File.Exists(exitCodeFile) || (await http.GetAsync($"http://127.0.0.1:{port}/health")).StatusCode > 0,
                    answered => answered, $"{service} on port {port}", StartPatience);
            }
            catch (TimeoutException ex)
            {
                throw new TimeoutException($"{ex.Message}. Terminal: {await terminal.ScreenAsync()}", ex);
            }
            Assert.False(File.Exists(exitCodeFile), $"run.sh exited before {service} answered: {await terminal.ScreenAsync()}");
        }
    }

    private static async Task<string> ExitCodeAsync(string exitCodeFile, TmuxTerminal terminal)
    {
        try
        {
            return await Eventually.Until(
                () => Task.FromResult(File.Exists(exitCodeFile) ? File.ReadAllText(exitCodeFile).Trim() : ""),
                exitCode => exitCode.Length > 0, "run.sh to exit", StopPatience);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}. Terminal: {await terminal.ScreenAsync()}", ex);
        }
    }

    /// <summary>
    /// What run.sh started, as running now: the shell's descendants (run.sh, dotnet run, the AppHost, tee), and DCP,
    /// which detaches itself (a session of its own under init) but names the AppHost it serves in <c>--monitor</c>,
    /// with its descendants (the servers, the services, DCP's helpers). The SDK's build servers are left out: they
    /// outlive any build by design (MSBuild's node reuse, the compiler server) and are not the platform.
    /// </summary>
    private static IReadOnlyList<SeenProcess> PlatformProcesses(int shell)
    {
        var started = ProcessTree.WithDescendants([shell]);
        started.Remove(shell);
        var dcp = ProcessTree.All().Where(pid =>
            MonitorArgument().Match(ProcessTree.CommandLine(pid)) is { Success: true } match
            && started.Contains(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)));
        return ProcessTree.See(ProcessTree.WithDescendants(started.Concat(dcp).ToList()))
            .Where(process => !process.CommandLine.Contains("MSBuild.dll", StringComparison.Ordinal)
                && !process.CommandLine.Contains("VBCSCompiler", StringComparison.Ordinal))
            .ToList();
    }

    /// <summary>Single-quoted for bash.</summary>
    private static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"--monitor (\d+)")]
    private static partial Regex MonitorArgument();
}
