namespace Tradeul.Tests.Infrastructure;

/// <summary>Finds redis-server and PostgreSQL's server binaries as Debian's packages install them.</summary>
internal static class ServerBinaries
{
    public static string RedisServer() =>
        FindOnPath("redis-server")
        ?? throw new InvalidOperationException("redis-server is not installed. Run ./test.sh, which installs it (apt-get install redis-server).");

    /// <summary>The bin folder of the newest PostgreSQL: $TRADEUL_PG_BIN, /usr/lib/postgresql/N/bin, or PATH.</summary>
    public static string PostgresBin()
    {
        var configured = Environment.GetEnvironmentVariable("TRADEUL_PG_BIN");
        if (!string.IsNullOrEmpty(configured) && File.Exists(Path.Combine(configured, "pg_ctl")))
        {
            return configured;
        }
        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var newest = Directory.GetDirectories(debianRoot)
                .Select(dir => (dir, version: int.TryParse(Path.GetFileName(dir), out var v) ? v : -1))
                .Where(x => x.version > 0 && File.Exists(Path.Combine(x.dir, "bin", "pg_ctl")))
                .OrderByDescending(x => x.version)
                .Select(x => Path.Combine(x.dir, "bin"))
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }
        var onPath = FindOnPath("pg_ctl");
        return onPath is not null
            ? Path.GetDirectoryName(onPath)!
            : throw new InvalidOperationException("PostgreSQL's server is not installed. Run ./test.sh, which installs it (apt-get install postgresql).");
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/sbin").Append("/usr/bin")
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
