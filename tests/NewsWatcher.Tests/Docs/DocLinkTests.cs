using System.Text.RegularExpressions;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Docs;

/// <summary>A reader can follow every relative link in README.md and docs/, down to the heading it names.</summary>
public sealed partial class DocLinkTests : IDisposable
{
    private readonly string _scratch = TempDirectory.Create("doclinks");

    [Fact]
    public void BrokenLinks_ReadmeAndDocs_EveryRelativeLinkAndAnchorResolves()
    {
        var files = DocSet.Files(DocSet.Root);

        var problems = DocSet.BrokenLinks(DocSet.Root, files, out var checkedLinks);

        Assert.True(files.Count >= 6, $"expected README.md and the docs/ pages, found {files.Count} files");
        Assert.True(checkedLinks >= 40, $"only {checkedLinks} relative links were found; the link reader has stopped seeing them");
        Assert.True(problems.Count == 0, "broken links:\n" + string.Join('\n', problems));
    }

    [Theory]
    [InlineData("editors.md")]
    [InlineData("operations.md")]
    [InlineData("configuration.md")]
    [InlineData("architecture.md")]
    [InlineData("performance.md")]
    public void Readme_EachGuide_IsLinked(string page)
    {
        var readme = MarkdownFile.Read(Path.Combine(DocSet.Root, "README.md"));

        Assert.True(File.Exists(Path.Combine(DocSet.Root, "docs", page)), $"docs/{page} is missing");
        Assert.Contains(readme.Links, l => l.Text == $"docs/{page}");
    }

    [Fact]
    public void Readme_EveryDocsPage_IsLinked()
    {
        var readme = MarkdownFile.Read(Path.Combine(DocSet.Root, "README.md"));
        var linked = readme.Links.Select(l => l.Text.Split('#')[0]).ToHashSet(StringComparer.Ordinal);

        var orphans = Directory.EnumerateFiles(Path.Combine(DocSet.Root, "docs"), "*.md", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(DocSet.Root, f).Replace('\\', '/'))
            .Where(f => !linked.Contains(f))
            .ToList();

        Assert.True(orphans.Count == 0, "docs pages the README does not link: " + string.Join(", ", orphans));
    }

    [Fact]
    public void BrokenLinks_MissingFileAnchorOrOutsideRoot_EachReportedWithItsLine()
    {
        var docs = Directory.CreateDirectory(Path.Combine(_scratch, "docs")).FullName;
        File.WriteAllText(Path.Combine(_scratch, "README.md"), """
            # Title

            See [the guide](docs/guide.md#the-stage-what-happened), [twice](docs/guide.md#notes-1),
            [a folder](docs/) and [here](#title) and [the web](https://example.org/x#y).
            Broken: [gone](docs/gone.md), [no heading](docs/guide.md#nowhere),
            [outside](../elsewhere.md) and [self](#missing).

            ```sh
            # not a heading, and [not a link](nowhere.md)
            ```

            Code `[not a link](nowhere.md)` is an example.
            """);
        File.WriteAllText(Path.Combine(docs, "guide.md"), """
            # Guide

            ## The stage: what happened

            ## Notes

            ## Notes
            """);

        var problems = DocSet.BrokenLinks(_scratch, DocSet.Files(_scratch), out var checkedLinks);

        Assert.Equal(8, checkedLinks);
        Assert.Equal(
            [
                "README.md:5: docs/gone.md: docs/gone.md does not exist",
                "README.md:5: docs/guide.md#nowhere: no heading in docs/guide.md makes the anchor #nowhere",
                "README.md:6: ../elsewhere.md: points outside the repository",
                "README.md:6: #missing: no heading in README.md makes the anchor #missing",
            ],
            problems);
    }

    [Fact]
    public void Paths_NamedInCodeInReadmeAndDocs_Exist()
    {
        var prefixes = new[] { "src/", "tests/", "config/", "scripts/", "tools/", "docs/", ".ci/" };
        var problems = new List<string>();
        var named = 0;

        foreach (var file in DocSet.Files(DocSet.Root))
        {
            foreach (var span in MarkdownFile.Read(file).CodeSpans)
            {
                foreach (var token in span.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(t => prefixes.Any(p => t.StartsWith(p, StringComparison.Ordinal))))
                {
                    // A position (config/watches.yaml:194:87) or trailing punctuation is not part of the path; placeholders,
                    // globs and build output are not paths in the repository.
                    var path = LineAndColumn().Replace(token, "").TrimEnd('.', ',', ';', ':', ')');
                    if (path.IndexOfAny(['<', '*', '{', '…', '$']) >= 0 || path.Contains("/bin/", StringComparison.Ordinal) || path.Contains("/obj/", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    named++;
                    if (!File.Exists(Path.Combine(DocSet.Root, path)) && !Directory.Exists(Path.Combine(DocSet.Root, path)))
                    {
                        problems.Add($"{Path.GetRelativePath(DocSet.Root, file)}:{span.Line}: {path} does not exist");
                    }
                }
            }
        }

        Assert.True(named >= 50, $"only {named} repository paths named; the scan has stopped seeing them");
        Assert.True(problems.Count == 0, "paths named in the docs that do not exist:\n" + string.Join('\n', problems));
    }

    [Theory]
    [InlineData("The stage: what happened", "the-stage-what-happened")]
    [InlineData("Configuration reference (`config/appsettings.json`)", "configuration-reference-configappsettingsjson")]
    [InlineData("Parsing: the worker's parser against the XML ceiling and Python feedparser", "parsing-the-workers-parser-against-the-xml-ceiling-and-python-feedparser")]
    [InlineData("Editors' guide: feeds, watches, stages, subscribers", "editors-guide-feeds-watches-stages-subscribers")]
    [InlineData("Truce accepted — Russia", "truce-accepted--russia")]
    [InlineData("Run `once` with **bold** and [a link](x.md)", "run-once-with-bold-and-a-link")]
    [InlineData("Перемирие и snake_case", "перемирие-и-snake_case")]
    public void Slug_Heading_MatchesGitHubAnchor(string heading, string expected)
    {
        Assert.Equal(expected, MarkdownFile.Slug(heading));
    }

    public void Dispose() => TempDirectory.DeleteQuietly(_scratch);

    [GeneratedRegex(@"(:\d+)+:?$")]
    private static partial Regex LineAndColumn();
}
