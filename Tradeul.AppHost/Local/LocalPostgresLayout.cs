namespace Tradeul.AppHost.Local;

/// <summary>
/// Where the local PostgreSQL cluster lives and which binaries and user run it.
/// </summary>
/// <param name="ClusterDirectory">The data directory (<c>initdb -D</c>), e.g. <c>.data/postgres/cluster</c>.</param>
/// <param name="SocketDirectory">The Unix socket directory (<c>-k</c>), owner-only, under the system temp folder (socket paths are short); the AppHost sets the role's password through it. Made just before the server starts, removed when the AppHost stops.</param>
/// <param name="BinDirectory">Where <c>postgres</c> and <c>initdb</c> are, e.g. <c>/usr/lib/postgresql/15/bin</c>.</param>
/// <param name="RunAsUser">The OS user the server runs as when the AppHost is root (<c>postgres</c>); null otherwise.</param>
/// <param name="TimescaleDbInstalled">Whether <c>timescaledb.control</c> is in the server's extension directory: then it is preloaded.</param>
internal sealed record LocalPostgresLayout(
    string ClusterDirectory, string SocketDirectory, string BinDirectory, string? RunAsUser, bool TimescaleDbInstalled)
{
    /// <summary>
    /// Finds the PostgreSQL that made the existing cluster, else the newest under <c>/usr/lib/postgresql/*/bin</c>
    /// (Debian/Ubuntu), else the directory of <c>postgres</c> on PATH; <paramref name="configuredBin"/>
    /// (<c>Tradeul:Local:PostgresBin</c>) wins when set.
    /// </summary>
    /// <exception cref="TradeulConfigurationException">No PostgreSQL server binaries were found, or not where configured.</exception>
    public static LocalPostgresLayout Discover(string dataRoot, string? configuredBin)
    {
        var root = Path.Combine(dataRoot, "postgres");
        var cluster = Path.Combine(root, "cluster");
        var bin = configuredBin is { Length: > 0 } ? configuredBin : BinOfCluster(cluster) ?? FindBinDirectory()
            ?? throw new TradeulConfigurationException(
                "No PostgreSQL server found (looked in /usr/lib/postgresql/*/bin and PATH). " +
                "Install it (./run.sh does, with apt-get) or set Tradeul:Local:PostgresBin.");
        foreach (var program in new[] { "postgres", "initdb" })
        {
            if (!File.Exists(Path.Combine(bin, program)))
            {
                throw new TradeulConfigurationException(
                    $"Tradeul:Local:PostgresBin is '{bin}', which has no '{program}'. Point it at a PostgreSQL server's bin folder, or unset it.");
            }
        }
        return new LocalPostgresLayout(
            ClusterDirectory: cluster,
            SocketDirectory: SocketDirectoryFor(cluster),
            BinDirectory: bin,
            RunAsUser: Environment.IsPrivilegedProcess ? "postgres" : null,
            TimescaleDbInstalled: ExtensionDirectories(bin).Any(dir => File.Exists(Path.Combine(dir, "timescaledb.control"))));
    }

    public string Executable(string name) => Path.Combine(BinDirectory, name);

    /// <summary>
    /// A short folder under the system temp folder, one per cluster: a Unix socket path may not exceed 107 bytes,
    /// which a socket inside a deep checkout's <c>.data/</c> would.
    /// </summary>
    private static string SocketDirectoryFor(string cluster)
    {
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(cluster)))[..12];
        return Path.Combine(Path.GetTempPath(), $"tradeul-pg-{hash.ToLowerInvariant()}");
    }

    /// <summary>An existing cluster runs on the major version that made it (Debian installs several side by side).</summary>
    private static string? BinOfCluster(string cluster)
    {
        var versionFile = Path.Combine(cluster, "PG_VERSION");
        if (!File.Exists(versionFile))
        {
            return null;
        }
        var bin = $"/usr/lib/postgresql/{File.ReadAllText(versionFile).Trim()}/bin";
        return File.Exists(Path.Combine(bin, "postgres")) ? bin : null;
    }

    private static string? FindBinDirectory()
    {
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(dir => Path.Combine(dir, "bin"))
                .Where(dir => File.Exists(Path.Combine(dir, "postgres")))
                .OrderByDescending(dir => int.TryParse(Path.GetFileName(Path.GetDirectoryName(dir)), out var major) ? major : 0)
                .FirstOrDefault()
            : null;
        if (debian is not null)
        {
            return debian;
        }
        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(dir => File.Exists(Path.Combine(dir, "postgres")));
    }

    /// <summary>Debian keeps extensions in /usr/share/postgresql/{major}/extension; a source build in {prefix}/share/.../extension.</summary>
    private static IEnumerable<string> ExtensionDirectories(string bin)
    {
        var major = Path.GetFileName(Path.GetDirectoryName(bin.TrimEnd('/')));
        yield return $"/usr/share/postgresql/{major}/extension";
        var prefix = Path.GetDirectoryName(bin.TrimEnd('/'));
        if (prefix is not null)
        {
            yield return Path.Combine(prefix, "share", "postgresql", "extension");
            yield return Path.Combine(prefix, "share", "extension");
        }
    }
}
