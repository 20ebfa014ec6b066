namespace Tradeul.Tests.Infrastructure;

/// <summary>
/// Whether the PostgreSQL that <see cref="ServerBinaries.PostgresBin"/> finds has TimescaleDB installed, read
/// from its files (no server needed, so tests can be skipped at discovery): <c>timescaledb.control</c> in its
/// extension directory, and for the full edition the TSL library (<c>timescaledb-tsl-*.so</c>) in its library
/// directory. Neither comes from this machine's package registries; a developer installs them (for instance
/// built from TimescaleDB's public source), and without them the TimescaleDB tests are reported as skipped.
/// </summary>
public static class TimescaleInstall
{
    private static readonly Lazy<(bool Installed, bool Full, string Where)> Found = new(Find);

    public static bool Installed => Found.Value.Installed;

    /// <summary>Why a test that needs <paramref name="edition"/> cannot run here, or null when it can.</summary>
    /// <remarks>The Apache edition runs wherever TimescaleDB is installed: a full build started with <c>timescaledb.license=apache</c> loads no TSL code.</remarks>
    public static string? SkipReason(TimescaleEdition edition)
    {
        var (installed, full, where) = Found.Value;
        if (!installed)
        {
            return $"TimescaleDB is not installed for this PostgreSQL (no timescaledb.control in {where}); these tests run where it is.";
        }
        return edition == TimescaleEdition.Full && !full
            ? "Only TimescaleDB's Apache edition is installed (no timescaledb-tsl-*.so in PostgreSQL's library directory); the full edition's tests run where it is."
            : null;
    }

    private static (bool, bool, string) Find()
    {
        string bin;
        try
        {
            bin = ServerBinaries.PostgresBin();
        }
        catch (InvalidOperationException)
        {
            return (false, false, "(no PostgreSQL server installed)");
        }
        var prefix = Path.GetDirectoryName(bin.TrimEnd('/'))!;
        var major = Path.GetFileName(prefix);
        // Debian keeps extensions in /usr/share/postgresql/{major}/extension; a source-built server in {prefix}/share/...
        string[] extensionDirectories = [$"/usr/share/postgresql/{major}/extension", Path.Combine(prefix, "share", "postgresql", "extension"), Path.Combine(prefix, "share", "extension")];
        string[] libraryDirectories = [Path.Combine(prefix, "lib"), Path.Combine(prefix, "lib", "postgresql")];
        var control = extensionDirectories.FirstOrDefault(dir => File.Exists(Path.Combine(dir, "timescaledb.control")));
        var full = libraryDirectories.Any(dir => Directory.Exists(dir) && Directory.EnumerateFiles(dir, "timescaledb-tsl-*.so").Any());
        return (control is not null, full, control ?? extensionDirectories[0]);
    }
}

/// <summary>A test that needs TimescaleDB's <see cref="TimescaleEdition"/>; reported as skipped, with the reason, where it is not installed.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class TimescaleFactAttribute : FactAttribute
{
    public TimescaleFactAttribute(TimescaleEdition edition)
    {
        Edition = edition;
        Skip = TimescaleInstall.SkipReason(edition);
    }

    public TimescaleEdition Edition { get; }
}
