using System.Text;

namespace Tradeul.Maintenance.Migrations;

/// <summary>
/// The repository's <c>migrations/*.sql</c>, embedded into this assembly by the project
/// file under <c>migrations/{file name}</c>, so a deployed Maintenance carries its SQL and
/// needs no files beside it.
/// </summary>
internal static class EmbeddedMigrationScripts
{
    private const string ResourcePrefix = "migrations/";

    /// <summary>Every script, in name order (the order they apply in).</summary>
    public static IReadOnlyList<MigrationScript> All { get; } = Load();

    private static MigrationScript[] Load()
    {
        var assembly = typeof(EmbeddedMigrationScripts).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(name =>
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var reader = new StreamReader(stream, Encoding.UTF8);
                return new MigrationScript(name[ResourcePrefix.Length..], reader.ReadToEnd());
            })
            .ToArray();
    }
}
