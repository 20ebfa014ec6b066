using System.Text;
using System.Text.RegularExpressions;

namespace Tradeul.Tests.Docs;

/// <summary>A link as written in a Markdown file: its 1-based line and its target (<c>docs/api.md#errors</c>).</summary>
internal sealed record MarkdownLink(int Line, string Target);

/// <summary>
/// What the documentation tests read from a Markdown file: its inline links and images and its headings' anchors.
/// Fenced code blocks and inline code spans are skipped (a <c>[x](y)</c> or <c># comment</c> in code is no link and
/// no heading). Anchors are GitHub's: the heading's text (code spans and links keep their text) in lower case,
/// every character but letters, digits, <c>-</c>, <c>_</c> and spaces dropped, spaces turned into <c>-</c>, and a
/// repeated anchor suffixed <c>-1</c>, <c>-2</c>, ... in order.
/// </summary>
internal sealed partial class MarkdownDocument
{
    private MarkdownDocument(IReadOnlyList<MarkdownLink> links, IReadOnlySet<string> anchors)
    {
        Links = links;
        Anchors = anchors;
    }

    public IReadOnlyList<MarkdownLink> Links { get; }

    public IReadOnlySet<string> Anchors { get; }

    public static MarkdownDocument Read(string path) => Parse(File.ReadAllLines(path));

    public static MarkdownDocument Parse(IReadOnlyList<string> lines)
    {
        var links = new List<MarkdownLink>();
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        string? fence = null;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var trimmed = line.TrimStart();
            if (fence is not null)
            {
                if (trimmed.StartsWith(fence, StringComparison.Ordinal))
                {
                    fence = null;
                }
                continue;
            }
            if (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal))
            {
                fence = trimmed[..3];
                continue;
            }
            if (Heading().Match(line) is { Success: true } heading)
            {
                var anchor = Slug(heading.Groups["text"].Value);
                var count = seen.GetValueOrDefault(anchor);
                seen[anchor] = count + 1;
                anchors.Add(count == 0 ? anchor : $"{anchor}-{count}");
            }
            foreach (Match link in Link().Matches(CodeSpan().Replace(line, m => new string(' ', m.Length))))
            {
                links.Add(new MarkdownLink(i + 1, link.Groups["target"].Value));
            }
        }
        return new MarkdownDocument(links, anchors);
    }

    /// <summary>GitHub's anchor for a heading's text (see the class summary).</summary>
    public static string Slug(string headingText)
    {
        var text = LinkText().Replace(CodeSpan().Replace(headingText.Trim(), m => m.Value.Trim('`')), "$1");
        var slug = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_')
            {
                slug.Append(c);
            }
            else if (c == ' ')
            {
                slug.Append('-');
            }
        }
        return slug.ToString();
    }

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.*?)\s*#*\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"!?\[[^\]]*\]\((?<target>[^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"!?\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex LinkText();

    [GeneratedRegex(@"`+[^`]*`+")]
    private static partial Regex CodeSpan();
}
