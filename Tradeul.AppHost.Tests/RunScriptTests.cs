using System.Globalization;
using System.Text.RegularExpressions;
using Tradeul.Tests.Infrastructure;

namespace Tradeul.AppHost.Tests;

/// <summary>
/// <c>./run.sh</c> as a person runs it: typed into an interactive shell in a real terminal (tmux), stopped once
/// every service answers. Wherever its output goes and however it is stopped, it stops every process it started.
/// </summary>
public sealed partial class RunScriptTests
{
    [Theory]
    [InlineData("2>&1", "| tee run.log")] // Ctrl-C ends tee as well: run.sh and dotnet then write to a pipe nobody reads
    [InlineData("2>&1", "| head -c 100")] // the reader is gone long before Ctrl-C
    [InlineData(">&-", "")] // no output at all
    public async Task Ctrl_C_stops_every_process_it_started_and_exits_0(string redirection, string pipe)
    {
        // The subshell records run.sh's own exit code (not tee's or head's) once run.sh has returned.
        await using var run = await ScriptRun.StartAsync(command => $"({command} {redirection}; echo $? > exit-code) {pipe}");

        await run.Terminal.PressCtrlCAsync();

        var exitCode = await run.ExitCodeAsync();
        var left = await run.StillRunningAsync(TimeSpan.FromSeconds(30)); // DCP's helpers end a moment after run.sh
        Assert.True(exitCode == "0", $"run.sh exited {exitCode}: {await run.Terminal.ScreenAsync()}");
        Assert.True(left.Count == 0, "still running after run.sh exited: " + string.Join("; ", left));
    }

    [Fact]
    public async Task Closing_the_terminal_stops_every_process_it_started_through_the_apphost()
    {
        await using var run = await ScriptRun.StartAsync(command => $"{command} > run.log 2>&1");

        await run.Terminal.CloseAsync();

        var left = await run.StillRunningAsync(ScriptRun.StopPatience);
        Assert.True(left.Count == 0, "still running after the terminal closed: " + string.Join("; ", left));
        // The AppHost stopped its resources and exited (SIGHUP passed on as SIGTERM), rather than dying of SIGHUP
        // and leaving the clean-up to DCP.
        var log = await File.ReadAllTextAsync(run.PathOf("run.log"));
        Assert.True(log.TrimEnd().EndsWith("==> stopped", StringComparison.Ordinal), "run.sh's last lines: " + string.Join('\n', log.TrimEnd().Split('\n').TakeLast(5)));
    }

    /// <summary>
    /// One run of run.sh in a terminal of its own, on ports, a data folder and secrets of its own, so it never meets a
    /// person's <c>./run.sh</c> and writes nothing to the AppHost's user secrets. Disposing it closes the terminal and
    /// kills whatever a failed run left, so that no test leaves a platform running.
    /// </summary>
    private sealed partial class ScriptRun : IAsyncDisposable
    {
        /// <summary>dotnet run's build check, initdb, the migration step and three services, on a busy 2-core machine.</summary>
        private static readonly TimeSpan StartPatience = TimeSpan.FromMinutes(5);

        /// <summary>The AppHost stops the services and servers first, which takes seconds.</summary>
        public static readonly TimeSpan StopPatience = TimeSpan.FromMinutes(2);

        private static readonly string[] Services = ["ingest", "scanner", "maintenance"];

        /// <summary>What a running platform is made of; each must be seen running before it is stopped.</summary>
        private static readonly string[] Programs = ["Tradeul.AppHost", "dcp", "redis-server", "postgres", "Tradeul.Ingest", "Tradeul.Scanner", "Tradeul.Maintenance"];

        private readonly string _directory;
        private readonly int _shell;
        private IReadOnlyList<SeenProcess> _started = [];

        private ScriptRun(string directory, TmuxTerminal terminal, int shell)
        {
            _directory = directory;
            Terminal = terminal;
            _shell = shell;
        }

        public TmuxTerminal Terminal { get; }

        /// <summary>A file in the run's folder, which is also the shell's working folder.</summary>
        public string PathOf(string name) => Path.Combine(_directory, name);

        /// <summary>
        /// Types the command line <paramref name="commandLine"/> makes of the quoted run.sh command, and returns once
        /// every service answers HTTP, with what run.sh started seen running.
        /// </summary>
        public static async Task<ScriptRun> StartAsync(Func<string, string> commandLine)
        {
            var directory = TestDataDirectory.Create();
            var terminal = await TmuxTerminal.StartAsync(directory);
            var run = new ScriptRun(directory, terminal, await terminal.ShellPidAsync());
            try
            {
                var ports = Services.ToDictionary(service => service, _ => FreePort.Next());
                await terminal.TypeAsync(commandLine(string.Join(' ', Arguments(directory, ports).Prepend(RunScript()).Select(Quote))));
                await Eventually.Until(run.CommandRuns, "the typed command to start");
                await run.WaitUntilEveryServiceAnswersAsync(ports);
                run._started = run.PlatformProcesses();
                foreach (var program in Programs)
                {
                    Assert.True(run._started.Any(process => process.Program == program),
                        $"no {program} among the processes run.sh started: {string.Join(", ", run._started.Select(process => process.Program).Distinct())}");
                }
                return run;
            }
            catch
            {
                await run.DisposeAsync();
                throw;
            }
        }

        /// <summary>What the command line wrote to <c>exit-code</c> once run.sh returned.</summary>
        public async Task<string> ExitCodeAsync()
        {
            var file = PathOf("exit-code");
            try
            {
                return await Eventually.Until(
                    () => Task.FromResult(File.Exists(file) ? File.ReadAllText(file).Trim() : ""),
                    exitCode => exitCode.Length > 0, "run.sh to exit", StopPatience);
            }
            catch (TimeoutException ex)
            {
                throw new TimeoutException($"{ex.Message}. Terminal: {await Terminal.ScreenAsync()}", ex);
            }
        }

        /// <summary>What run.sh had started and is still running after <paramref name="patience"/> (polled).</summary>
        public Task<IReadOnlyList<SeenProcess>> StillRunningAsync(TimeSpan patience) => ProcessTree.StillRunningAfterAsync(_started, patience);

        public async ValueTask DisposeAsync()
        {
            // What run.sh started is no longer below the shell once run.sh has died, hence the list taken while it ran.
            var remaining = _started.Concat(PlatformProcesses()).ToList();
            await Terminal.DisposeAsync();
            ProcessTree.Kill(remaining);
            TestDataDirectory.Delete(_directory);
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

        private async Task WaitUntilEveryServiceAnswersAsync(IReadOnlyDictionary<string, int> ports)
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            foreach (var (service, port) in ports)
            {
                try
                {
                    // Any HTTP answer: DCP's proxy holds the port from the start, but only the service itself answers.
                    await Eventually.Until(
                        async () => !CommandRuns() || (await http.GetAsync($"http://127.0.0.1:{port}/health")).StatusCode > 0,
                        answered => answered, $"{service} on port {port}", StartPatience);
                }
                catch (TimeoutException ex)
                {
                    throw new TimeoutException($"{ex.Message}. Terminal: {await Terminal.ScreenAsync()}", ex);
                }
                Assert.True(CommandRuns(), $"run.sh ended before {service} answered: {await Terminal.ScreenAsync()}");
            }
        }

        /// <summary>Whether the typed command line still runs: the shell has a child.</summary>
        private bool CommandRuns() => ProcessTree.WithDescendants([_shell]).Count > 1;

        /// <summary>
        /// What run.sh started, as running now: the shell's descendants (run.sh, dotnet run, the AppHost, tee), and DCP,
        /// which detaches itself (a session of its own under init) but names the AppHost it serves in <c>--monitor</c>,
        /// with its descendants (the servers, the services, DCP's helpers). The SDK's build servers are left out: they
        /// outlive any build by design (MSBuild's node reuse, the compiler server) and are not the platform.
        /// </summary>
        private IReadOnlyList<SeenProcess> PlatformProcesses()
        {
            var started = ProcessTree.WithDescendants([_shell]);
            started.Remove(_shell);
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
}
