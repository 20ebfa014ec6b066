namespace Tradeul.Tests.Docs;

/// <summary>
/// Every relative link and image in <c>README.md</c> and <c>docs/*.md</c> leads somewhere: its file (or folder)
/// exists, resolved from the linking file's folder, and a <c>#anchor</c> names a heading of the target Markdown file
/// (or of the linking file itself for a bare <c>#anchor</c>), by GitHub's anchor rule. Links with a scheme
/// (<c>https:</c>, <c>mailto:</c>) are not followed: the tests run offline.
/// </summary>
public sealed class DocumentLinkTests
{
    [Fact]
    public void Every_relative_link_in_the_readme_and_docs_resolves_to_a_file_and_heading()
    {
        var documents = RepositoryDocuments.All();
        Assert.True(documents.Count > 1, "Expected README.md and at least one docs/*.md.");
        var broken = new List<string>();
        var checkedLinks = 0;
        foreach (var document in documents)
        {
            foreach (var link in MarkdownDocument.Read(document).Links)
            {
                if (Uri.TryCreate(link.Target, UriKind.Absolute, out var absolute) && absolute.Scheme.Length > 1)
                {
                    continue; // https:, mailto: (a Windows drive letter would have a one-letter scheme)
                }
                checkedLinks++;
                if (Problem(document, link.Target) is { } problem)
                {
                    broken.Add($"{RepositoryDocuments.Relative(document)}:{link.Line}: ({link.Target}) {problem}");
                }
            }
        }
        Assert.True(checkedLinks > 10, $"Only {checkedLinks} relative links found: the parser is missing them.");
        Assert.True(broken.Count == 0, "Broken links:\n" + string.Join("\n", broken));
    }

    [Theory]
    [InlineData("Redis keys", "redis-keys")]
    [InlineData("Servers: containers or local", "servers-containers-or-local")]
    [InlineData("GET /api/categories/{name}/stream", "get-apicategoriesnamestream")]
    [InlineData("`Ingest:Splits`", "ingestsplits")]
    [InlineData("The traders' page", "the-traders-page")]
    [InlineData("GET /", "get-")]
    public void Anchors_follow_githubs_rule(string heading, string anchor) =>
        Assert.Equal(anchor, MarkdownDocument.Slug(heading));

    [Fact]
    public void A_repeated_heading_gets_a_numbered_anchor_and_code_is_neither_link_nor_heading()
    {
        var document = MarkdownDocument.Parse(
        [
            "# Title", "## Errors", "## Errors", "```bash", "# not a heading [x](missing.md)", "```",
            "See `[y](code.md)` and [the API](api.md#errors).",
        ]);

        Assert.True(document.Anchors.SetEquals(["title", "errors", "errors-1"]), "Anchors: " + string.Join(", ", document.Anchors));
        Assert.Equal([new MarkdownLink(7, "api.md#errors")], document.Links);
    }

    /// <summary>Null when <paramref name="target"/>, written in <paramref name="document"/>, resolves; else what is wrong.</summary>
    private static string? Problem(string document, string target)
    {
        var hash = target.IndexOf('#', StringComparison.Ordinal);
        var pathPart = Uri.UnescapeDataString(hash < 0 ? target : target[..hash]);
        var anchor = hash < 0 ? null : target[(hash + 1)..];
        var path = pathPart.Length == 0 ? document : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(document)!, pathPart));
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            return "no such file";
        }
        if (anchor is null)
        {
            return null;
        }
        if (!path.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
        {
            return "an anchor into a file that is not Markdown";
        }
        return MarkdownDocument.Read(path).Anchors.Contains(anchor) ? null : $"no heading with the anchor '#{anchor}' in {RepositoryDocuments.Relative(path)}";
    }
}
