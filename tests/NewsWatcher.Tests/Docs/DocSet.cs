using NewsWatcher.Testing;

namespace NewsWatcher.Tests.Docs;

/// <summary>The documentation a reader navigates: README.md and every Markdown file under docs/.</summary>
internal static class DocSet
{
    /// <summary>The repository root, found from the test binaries (not the current directory).</summary>
    public static string Root => Corpus.RepositoryRoot;

    public static IReadOnlyList<string> Files(string root)
    {
        var docs = Path.Combine(root, "docs");
        var files = new List<string> { Path.Combine(root, "README.md") };
        if (Directory.Exists(docs))
        {
            files.AddRange(Directory.EnumerateFiles(docs, "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
        }

        return files;
    }

    /// <summary>
    /// Every relative link in <paramref name="files"/> that does not resolve: a missing file or folder, a target outside
    /// <paramref name="root"/> (GitHub cannot show it), or an <c>#anchor</c> that no heading of the target file makes.
    /// </summary>
    public static IReadOnlyList<string> BrokenLinks(string root, IReadOnlyList<string> files, out int checkedLinks)
    {
        var problems = new List<string>();
        var parsed = new Dictionary<string, MarkdownFile>(StringComparer.Ordinal);
        MarkdownFile Parse(string path) => parsed.TryGetValue(path, out var file) ? file : parsed[path] = MarkdownFile.Read(path);

        checkedLinks = 0;
        var fullRoot = Path.GetFullPath(root);
        foreach (var path in files)
        {
            var source = Parse(path);
            var where = Path.GetRelativePath(root, path).Replace('\\', '/');
            foreach (var link in source.Links)
            {
                if (HasScheme(link.Text))
                {
                    continue;
                }

                checkedLinks++;
                var hash = link.Text.IndexOf('#', StringComparison.Ordinal);
                var targetPart = Uri.UnescapeDataString(hash < 0 ? link.Text : link.Text[..hash]);
                var anchor = hash < 0 ? null : link.Text[(hash + 1)..];
                var target = targetPart.Length == 0 ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, targetPart));
                if (!target.StartsWith(fullRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    problems.Add($"{where}:{link.Line}: {link.Text}: points outside the repository");
                    continue;
                }

                if (!File.Exists(target) && !Directory.Exists(target))
                {
                    problems.Add($"{where}:{link.Line}: {link.Text}: {Path.GetRelativePath(root, target)} does not exist");
                    continue;
                }

                if (anchor is null)
                {
                    continue;
                }

                if (!target.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || !File.Exists(target))
                {
                    problems.Add($"{where}:{link.Line}: {link.Text}: an anchor needs a Markdown file");
                }
                else if (!Parse(target).Anchors.Contains(anchor, StringComparer.Ordinal))
                {
                    problems.Add($"{where}:{link.Line}: {link.Text}: no heading in {Path.GetRelativePath(root, target)} makes the anchor #{anchor}");
                }
            }
        }

        return problems;
    }

    private static bool HasScheme(string target) =>
        target.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon
        && target[..colon].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.')
        && char.IsAsciiLetter(target[0]);
}
