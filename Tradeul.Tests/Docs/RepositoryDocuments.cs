namespace Tradeul.Tests.Docs;

/// <summary>
/// The repository's documents as they are in the working tree: <c>README.md</c> and every <c>docs/*.md</c>. Read from
/// the checkout itself (found by walking up from the test assembly to the folder holding <c>Tradeul.slnx</c>), not
/// from copies, so a link is checked against the files a reader of the repository has.
/// </summary>
internal static class RepositoryDocuments
{
    private static readonly Lazy<string> RootFolder = new(FindRoot);

    /// <summary>The repository root: the nearest folder above the test assembly that holds <c>Tradeul.slnx</c>.</summary>
    /// <exception cref="DirectoryNotFoundException">The tests run outside a checkout.</exception>
    public static string Root => RootFolder.Value;

    public static string ReadmePath => Path.Combine(Root, "README.md");

    public static string DocsFolder => Path.Combine(Root, "docs");

    /// <summary><c>README.md</c> and every Markdown file directly in <c>docs/</c>, as full paths, README first.</summary>
    public static IReadOnlyList<string> All() =>
        [ReadmePath, .. Directory.GetFiles(DocsFolder, "*.md").Order(StringComparer.Ordinal)];

    /// <summary>A path relative to the repository root with '/' separators, for messages.</summary>
    public static string Relative(string path) => Path.GetRelativePath(Root, path).Replace(Path.DirectorySeparatorChar, '/');

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Tradeul.slnx")))
            {
                return folder.FullName;
            }
        }
        throw new DirectoryNotFoundException($"No folder above {AppContext.BaseDirectory} holds Tradeul.slnx: the tests must run inside a checkout.");
    }
}
