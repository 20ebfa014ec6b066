using System.Text.RegularExpressions;

namespace Tradeul.Tests.Docs;

/// <summary>
/// The README is what a newcomer reads in five minutes (under 200 lines; the detail lives in <c>docs/</c>), and the
/// documents stand alone: none points outside the repository to a design file or to an issue tracker's numbers.
/// </summary>
public sealed partial class ReadmeTests
{
    private const int MaxReadmeLines = 200;

    [Fact]
    public void The_readme_is_under_200_lines()
    {
        var lines = File.ReadAllLines(RepositoryDocuments.ReadmePath).Length;
        Assert.True(lines < MaxReadmeLines, $"README.md has {lines} lines; keep it under {MaxReadmeLines} and move detail into docs/.");
    }

    [Fact]
    public void No_document_refers_to_a_design_file_outside_the_repository_or_to_an_issue_number()
    {
        var found = new List<string>();
        foreach (var document in RepositoryDocuments.All())
        {
            var lines = File.ReadAllLines(document);
            for (var i = 0; i < lines.Length; i++)
            {
                if (OutsideReference().Match(lines[i]) is { Success: true } match)
                {
                    found.Add($"{RepositoryDocuments.Relative(document)}:{i + 1}: '{match.Value}'");
                }
            }
        }
        Assert.True(found.Count == 0, "Explain instead of pointing elsewhere:\n" + string.Join("\n", found));
    }

    [Theory]
    [InlineData("see DESIGN.md", true)]
    [InlineData("in ../shared/cases", true)]
    [InlineData("as issue 11 found", true)]
    [InlineData("(issue #13)", true)]
    [InlineData("issue-13 branches", true)]
    [InlineData("a known issue with SMB shares", false)]
    public void Outside_references_are_recognised(string text, bool outside) =>
        Assert.Equal(outside, OutsideReference().IsMatch(text));

    [GeneratedRegex(@"DESIGN\.md|\.\./shared|\bissues?[\s#-]*\d+", RegexOptions.IgnoreCase)]
    private static partial Regex OutsideReference();
}
