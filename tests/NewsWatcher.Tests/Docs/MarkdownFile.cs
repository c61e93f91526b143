using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace NewsWatcher.Tests.Docs;

/// <summary>
/// The parts of a Markdown file the doc tests check: its headings as GitHub anchors, its links and its inline code
/// spans, all outside fenced code blocks (a <c># comment</c> in a shell block is not a heading).
/// </summary>
internal sealed partial class MarkdownFile
{
    private MarkdownFile(string path, IReadOnlyList<string> anchors, IReadOnlyList<MarkdownLink> links, IReadOnlyList<MarkdownLink> codeSpans)
    {
        Path = path;
        Anchors = anchors;
        Links = links;
        CodeSpans = codeSpans;
    }

    public string Path { get; }

    /// <summary>The anchor of every heading, as GitHub makes them (duplicates get -1, -2, ...).</summary>
    public IReadOnlyList<string> Anchors { get; }

    /// <summary>Every inline link, image or reference definition target, with its line.</summary>
    public IReadOnlyList<MarkdownLink> Links { get; }

    /// <summary>The text of every inline code span, with its line.</summary>
    public IReadOnlyList<MarkdownLink> CodeSpans { get; }

    public static MarkdownFile Read(string path)
    {
        var anchors = new List<string>();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var links = new List<MarkdownLink>();
        var spans = new List<MarkdownLink>();
        var fenced = false;
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal) || line.TrimStart().StartsWith("~~~", StringComparison.Ordinal))
            {
                fenced = !fenced;
                continue;
            }

            if (fenced)
            {
                continue;
            }

            if (Heading().Match(line) is { Success: true } heading)
            {
                var slug = Slug(heading.Groups["text"].Value);
                var seen = counts.GetValueOrDefault(slug);
                anchors.Add(seen == 0 ? slug : $"{slug}-{seen}");
                counts[slug] = seen + 1;
            }

            foreach (Match span in CodeSpan().Matches(line))
            {
                spans.Add(new MarkdownLink(i + 1, span.Groups["code"].Value));
            }

            // Link targets are looked for outside code spans: `[a](b)` in code is an example, not a link.
            var prose = CodeSpan().Replace(line, "");
            foreach (Match link in InlineLink().Matches(prose))
            {
                links.Add(new MarkdownLink(i + 1, link.Groups["target"].Value));
            }

            if (ReferenceDefinition().Match(prose) is { Success: true } definition)
            {
                links.Add(new MarkdownLink(i + 1, definition.Groups["target"].Value));
            }
        }

        return new MarkdownFile(path, anchors, links, spans);
    }

    /// <summary>
    /// GitHub's heading anchor (github-slugger): the rendered text lower-cased, every character that is not a letter,
    /// digit, mark, space, hyphen or underscore removed, and each space made a hyphen.
    /// </summary>
    public static string Slug(string headingText)
    {
        var text = LinkInText().Replace(headingText, "${text}").Replace("`", "", StringComparison.Ordinal).Replace("*", "", StringComparison.Ordinal);
        var slug = new StringBuilder(text.Length);
        foreach (var c in text.Trim().ToLowerInvariant())
        {
            var category = char.GetUnicodeCategory(c);
            if (c is ' ')
            {
                slug.Append('-');
            }
            else if (c is '-' or '_' || char.IsLetterOrDigit(c)
                || category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
                    or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber)
            {
                slug.Append(c);
            }
        }

        return slug.ToString();
    }

    [GeneratedRegex(@"^ {0,3}#{1,6}[ \t]+(?<text>.*?)(?:[ \t]+#+)?[ \t]*$")]
    private static partial Regex Heading();

    [GeneratedRegex("(?<ticks>`+)(?<code>.+?)\\k<ticks>")]
    private static partial Regex CodeSpan();

    // The target of [text](target "title") or ![alt](target): the link text may have started on an earlier line.
    [GeneratedRegex(@"\]\((?<target>[^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"^ {0,3}\[[^\]]+\]:\s*(?<target>\S+)")]
    private static partial Regex ReferenceDefinition();

    [GeneratedRegex(@"\[(?<text>[^\]]*)\]\([^)]*\)")]
    private static partial Regex LinkInText();
}
