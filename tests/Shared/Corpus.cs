namespace NewsWatcher.Testing;

/// <summary>
/// Locates the shared real-world corpus at ../shared/corpus beside the repository root.
/// Tests that need it call <see cref="RequireDirectory"/>, which skips with a clear message when it is absent.
/// </summary>
internal static class Corpus
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string? Root
    {
        get
        {
            var path = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "corpus"));
            return Directory.Exists(path) ? path : null;
        }
    }

    /// <summary>Absolute path of a corpus folder or file; skips the test when the corpus is not there.</summary>
    public static string Require(string relativePath)
    {
        var root = Root;
        if (root is null)
        {
            Assert.Skip($"The shared corpus is not present at {Path.Combine(RepositoryRoot, "..", "shared", "corpus")}; this test needs it.");
        }

        var path = Path.Combine(root, relativePath);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            Assert.Skip($"Corpus path {path} does not exist.");
        }

        return path;
    }

    /// <summary>Every file below a corpus folder, relative to the corpus root, for theory data. Empty when the corpus is absent.</summary>
    public static IEnumerable<string> Files(string relativeFolder)
    {
        var root = Root;
        if (root is null || !Directory.Exists(Path.Combine(root, relativeFolder)))
        {
            return [];
        }

        return Directory.EnumerateFiles(Path.Combine(root, relativeFolder), "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".md", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NewsWatcher.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("NewsWatcher.sln not found above " + AppContext.BaseDirectory);
    }
}
