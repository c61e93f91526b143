using System.Globalization;
using System.Text;
using NewsWatcher.Core.Configuration;
using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Benchmarks;

/// <summary>
/// The benchmark's inputs: real articles (the labelled DEV headlines and every parsable corpus feed) and realistic
/// watch sets of a given size (the shipped watches, then generated ones in the same style: an action, the truce
/// words, and a country by its English and native names, some with NEAR and exclusions).
/// </summary>
public static class BenchmarkCorpus
{
    /// <summary>Articles matched per benchmark operation (the corpus is cycled to this size).</summary>
    public const int ArticlesPerOperation = 1000;

    private static readonly string[] Actions = ["proposing", "accepting", "rejecting", "violating", "talking", "agreeing"];

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string CorpusRoot => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "corpus"));

    public static IReadOnlyList<Article> Articles()
    {
        var articles = Labelled("dev").Concat(FeedItems()).ToList();
        return [.. Enumerable.Range(0, ArticlesPerOperation).Select(i => articles[i % articles.Count])];
    }

    /// <summary>Every headline of the labelled TRAIN and DEV splits and every item of the corpus feeds: where the watch generator's vocabulary comes from.</summary>
    public static IReadOnlyList<Article> VocabularyArticles() => [.. Labelled("train"), .. Labelled("dev"), .. FeedItems()];

    private static IEnumerable<Article> Labelled(string split)
    {
        foreach (var line in File.ReadLines(Path.Combine(CorpusRoot, "news", split + ".tsv")).Skip(1))
        {
            var cells = line.Split('\t');
            yield return new Article(cells[0], split, cells[4], cells[5], null, DateTimeOffset.UnixEpoch);
        }
    }

    private static IEnumerable<Article> FeedItems()
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(CorpusRoot, "feeds"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (!file.EndsWith(".md", StringComparison.Ordinal))
            {
                foreach (var article in FeedParser.Parse(File.ReadAllBytes(file), Path.GetFileNameWithoutExtension(file), DateTimeOffset.UnixEpoch).Articles)
                {
                    yield return article;
                }
            }
        }
    }

    /// <summary>The shipped rules' folder.</summary>
    public static string ConfigFolder => Path.Combine(RepositoryRoot, "config");

    /// <summary><paramref name="count"/> watches: the shipped ones (or those in <paramref name="configFolder"/>) first, then generated ones using their lists.</summary>
    public static IReadOnlyList<Watch> Watches(int count, string? configFolder = null) =>
        Take(WatchesFile.ParseWatches(WatchesYaml(count, configFolder), "watches.yaml"), count);

    /// <summary>The watches.yaml <see cref="Watches"/> parses: the shipped file with <paramref name="count"/> generated watches appended.</summary>
    public static string WatchesYaml(int count, string? configFolder = null)
    {
        var shipped = File.ReadAllText(Path.Combine(configFolder ?? ConfigFolder, "watches.yaml"));
        var yaml = new StringBuilder(shipped);
        var regions = CultureInfo.GetCultures(CultureTypes.SpecificCultures)
            .Select(c => new RegionInfo(c.Name))
            .DistinctBy(r => r.TwoLetterISORegionName)
            .OrderBy(r => r.TwoLetterISORegionName, StringComparer.Ordinal)
            .ToList();
        for (var i = 0; i < count; i++)
        {
            var region = regions[i % regions.Count];
            var action = Actions[(i / regions.Count) % Actions.Length];
            var names = string.Join(" OR ", new[] { region.EnglishName, region.NativeName }.Distinct().Select(n => $"\"{n.Replace("\"", string.Empty, StringComparison.Ordinal)}\""));
            var query = (i % 3) switch
            {
                0 => $"@{action} @truce ({names})",
                1 => $"@{action} (@truce NEAR/10 ({names}))",
                _ => $"(@{action} OR \"peace talk*\" OR \"peace plan*\") ({names})",
            };
            yaml.Append(CultureInfo.InvariantCulture, $"""

                  - id: gen-{i}
                    name: Generated {i}
                    category: other
                    query: '{query.Replace("'", "''", StringComparison.Ordinal)}'
                    exclude: '@not-trade'
                """);
        }

        return yaml.ToString();
    }

    /// <summary>Of <paramref name="all"/> (the shipped watches, then <paramref name="count"/> generated), the first <paramref name="count"/>: shipped ones first.</summary>
    public static IReadOnlyList<T> Take<T>(IReadOnlyList<T> all, int count)
    {
        var shippedCount = all.Count - count;
        return [.. all.Take(Math.Min(count, shippedCount)), .. all.Skip(shippedCount).Take(Math.Max(0, count - shippedCount))];
    }

    /// <summary>The shipped stage cues (or those in <paramref name="configFolder"/>), with the same folder's watch lists.</summary>
    public static StageSet Stages(string? configFolder = null)
    {
        var watches = File.ReadAllText(Path.Combine(configFolder ?? ConfigFolder, "watches.yaml"));
        var stages = File.ReadAllText(Path.Combine(configFolder ?? ConfigFolder, "stages.yaml"));
        return StagesFile.Parse(stages, "stages.yaml", WatchesFile.ParseLists(watches, "watches.yaml"));
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
