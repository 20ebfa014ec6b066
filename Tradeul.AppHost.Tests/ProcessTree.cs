using System.Globalization;

namespace Tradeul.AppHost.Tests;

/// <summary>A process as seen at one moment. Its start time tells it apart from a later process given the same id.</summary>
/// <param name="Program">The file name of its program (<c>argv[0]</c> without the folder), e.g. <c>redis-server</c>, <c>Tradeul.AppHost</c>, <c>postgres:</c> for postgres's workers.</param>
internal sealed record SeenProcess(int Pid, long StartTime, string Program, string CommandLine)
{
    public override string ToString() => $"{Pid} {CommandLine}";
}

/// <summary>Processes read from /proc (Linux): parents, command lines, liveness.</summary>
internal static class ProcessTree
{
    public static IEnumerable<int> All() =>
        Directory.EnumerateDirectories("/proc")
            .Select(dir => int.TryParse(Path.GetFileName(dir), out var pid) ? pid : 0)
            .Where(pid => pid > 0);

    public static HashSet<int> WithDescendants(IEnumerable<int> roots)
    {
        var parents = All()
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

    /// <summary>Those of <paramref name="pids"/> that are running now.</summary>
    public static IReadOnlyList<SeenProcess> See(IEnumerable<int> pids)
    {
        var seen = new List<SeenProcess>();
        foreach (var pid in pids)
        {
            var stat = Stat(pid);
            var arguments = Arguments(pid);
            if (stat is not null && StateOf(stat) != 'Z' && arguments.Length > 0)
            {
                // A program that rewrites its title (redis-server, postgres's workers) puts all of it in argv[0].
                var program = Path.GetFileName(arguments[0]).Split(' ')[0];
                seen.Add(new SeenProcess(pid, StartTimeOf(stat), program, string.Join(' ', arguments)));
            }
        }
        return seen;
    }

    /// <summary>True while that very process (not a later one with its id) exists and is not a zombie.</summary>
    public static bool IsAlive(SeenProcess process)
    {
        var stat = Stat(process.Pid);
        return stat is not null && StateOf(stat) != 'Z' && StartTimeOf(stat) == process.StartTime;
    }

    /// <summary>
    /// Those of <paramref name="processes"/> still running once they had <paramref name="patience"/> to exit and be
    /// reaped; polls, never a fixed sleep, and returns as soon as none is left.
    /// </summary>
    public static async Task<IReadOnlyList<SeenProcess>> StillRunningAfterAsync(IReadOnlyCollection<SeenProcess> processes, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        var alive = processes.Where(IsAlive).ToList();
        while (alive.Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            alive = alive.Where(IsAlive).ToList();
        }
        return alive;
    }

    /// <summary>SIGKILL to each that is still that process: for a failed test, so that it leaves nothing running.</summary>
    public static void Kill(IEnumerable<SeenProcess> processes)
    {
        foreach (var process in processes.Where(IsAlive))
        {
            try
            {
                using var running = System.Diagnostics.Process.GetProcessById(process.Pid);
                running.Kill();
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // It exited meanwhile, or is not ours to kill: nothing more to do here.
            }
        }
    }

    public static string CommandLine(int pid) => string.Join(' ', Arguments(pid));

    private static string[] Arguments(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static int Parent(int pid)
    {
        var stat = Stat(pid);
        return stat is null ? 0 : int.Parse(Fields(stat)[1], CultureInfo.InvariantCulture);
    }

    private static char StateOf(string stat) => Fields(stat)[0][0];

    /// <summary>Field 22 of /proc/pid/stat: clock ticks after boot.</summary>
    private static long StartTimeOf(string stat) => long.Parse(Fields(stat)[19], CultureInfo.InvariantCulture);

    /// <summary>"pid (comm) state ppid ...": comm may hold spaces and parentheses, so the fields are read after the last ')', from state on.</summary>
    private static string[] Fields(string stat) => stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

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
