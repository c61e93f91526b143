using System.Text.RegularExpressions;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Docs;

/// <summary>
/// The comments in the files people open first (Dockerfile, compose.yaml, config/) point at documentation that exists:
/// a page path with its heading (<c>docs/operations.md#the-container</c>), or a README section by its exact title
/// (<c>README "A five-minute tour"</c>); a bare "see the README" points nowhere and is reported too.
/// </summary>
public sealed partial class CommentReferenceTests : IDisposable
{
    private readonly string _scratch = TempDirectory.Create("comment-refs");

    [Fact]
    public void References_InDockerfileComposeAndConfig_EachPointsAtAnExistingPageAndHeading()
    {
        var problems = BrokenReferences(DocSet.Root, Commented(DocSet.Root), out var found);

        Assert.True(found >= 4, $"only {found} documentation references found in the commented files; the scan has stopped seeing them");
        Assert.True(problems.Count == 0, "references to documentation that does not exist:\n" + string.Join('\n', problems));
    }

    [Fact]
    public void BrokenReferences_MissingSectionPageAnchorOrNoSection_EachReportedWithItsLine()
    {
        Directory.CreateDirectory(Path.Combine(_scratch, "docs"));
        File.WriteAllText(Path.Combine(_scratch, "README.md"), "# Title\n\n## A five-minute tour\n");
        File.WriteAllText(Path.Combine(_scratch, "docs", "operations.md"), "# Operations\n\n## The container\n");
        File.WriteAllText(Path.Combine(_scratch, "Dockerfile"), """
            # Run: docker compose up (see docs/operations.md#the-container and the README's "A five-minute tour" section)
            # Broken: the README's "Operating it" section, docs/operations.md#operating-it, docs/gone.md
            # Vague: see the README.
            # Not ours: the labelling guideline in corpus/news/README.md
            """);

        var problems = BrokenReferences(_scratch, [Path.Combine(_scratch, "Dockerfile")], out var found);

        Assert.Equal(6, found);
        Assert.Equal(
            [
                "Dockerfile:2: README \"Operating it\": README.md has no such heading",
                "Dockerfile:2: docs/operations.md#operating-it: no heading in docs/operations.md makes the anchor #operating-it",
                "Dockerfile:2: docs/gone.md: docs/gone.md does not exist",
                "Dockerfile:3: README without a section: name the page and heading (docs/…md#anchor) or README \"Section\"",
            ],
            problems);
    }

    public void Dispose() => TempDirectory.DeleteQuietly(_scratch);

    /// <summary>The files whose comments point readers at the docs.</summary>
    private static List<string> Commented(string root)
    {
        var config = Path.Combine(root, "config");
        return [
            Path.Combine(root, "Dockerfile"),
            Path.Combine(root, "compose.yaml"),
            .. Directory.EnumerateFiles(config, "*.yaml").Order(StringComparer.Ordinal),
            .. Directory.EnumerateFiles(Path.Combine(config, "templates"), "*.liquid").Order(StringComparer.Ordinal),
        ];
    }

    private static List<string> BrokenReferences(string root, IReadOnlyList<string> files, out int found)
    {
        var problems = new List<string>();
        var readme = MarkdownFile.Read(Path.Combine(root, "README.md"));
        found = 0;
        foreach (var file in files)
        {
            var where = Path.GetRelativePath(root, file).Replace('\\', '/');
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                var covered = new List<(int Start, int End)>();
                foreach (Match section in ReadmeSection().Matches(line))
                {
                    found++;
                    covered.Add((section.Index, section.Index + section.Length));
                    var title = section.Groups["title"].Value;
                    if (!readme.Anchors.Contains(MarkdownFile.Slug(title), StringComparer.Ordinal))
                    {
                        problems.Add($"{where}:{i + 1}: README \"{title}\": README.md has no such heading");
                    }
                }

                foreach (Match page in PagePath().Matches(line))
                {
                    found++;
                    covered.Add((page.Index, page.Index + page.Length));
                    var path = page.Groups["path"].Value;
                    var full = Path.Combine(root, path);
                    if (!File.Exists(full))
                    {
                        problems.Add($"{where}:{i + 1}: {page.Value}: {path} does not exist");
                    }
                    else if (page.Groups["anchor"].Success && !MarkdownFile.Read(full).Anchors.Contains(page.Groups["anchor"].Value, StringComparer.Ordinal))
                    {
                        problems.Add($"{where}:{i + 1}: {page.Value}: no heading in {path} makes the anchor #{page.Groups["anchor"].Value}");
                    }
                }

                foreach (Match bare in Readme().Matches(line))
                {
                    if (!covered.Any(c => bare.Index >= c.Start && bare.Index < c.End))
                    {
                        found++;
                        problems.Add($"{where}:{i + 1}: README without a section: name the page and heading (docs/…md#anchor) or README \"Section\"");
                    }
                }
            }
        }

        return problems;
    }

    /// <summary>README "Section", README's "Section" (section), README: "Section", README, "Section".</summary>
    [GeneratedRegex("""(?<![\w/.-])README(?:'s|:|,)?\s+"(?<title>[^"]+)"(?:\s+section)?""")]
    private static partial Regex ReadmeSection();

    /// <summary>README.md or docs/page.md, with an optional #anchor; not a path into another tree (corpus/news/README.md).</summary>
    [GeneratedRegex(@"(?<![\w/.-])(?<path>README\.md|docs/[\w./-]+?\.md)(?:#(?<anchor>[\w-]+))?")]
    private static partial Regex PagePath();

    [GeneratedRegex(@"(?<![\w/.-])README\b")]
    private static partial Regex Readme();
}
