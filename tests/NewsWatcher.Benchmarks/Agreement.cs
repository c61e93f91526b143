using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Benchmarks;

/// <summary>
/// How far matchers agree: over every (article, watch) decision, how many differ, who said yes, and why (a probable
/// cause from the query and the text). Decisions where all say no count as agreement, as they are.
/// </summary>
public sealed record Agreement(long Decisions, long Matches, long Differences, IReadOnlyDictionary<string, int> Causes, IReadOnlyList<string> Examples)
{
    /// <summary>Share of decisions on which all matchers agree.</summary>
    public double Share => Decisions == 0 ? 1 : 1 - ((double)Differences / Decisions);

    public string Summary => Differences == 0 ? "none" : string.Join("; ", Causes.OrderByDescending(c => c.Value).Select(c => $"{c.Value} {c.Key}"));

    /// <summary>Compares WatchSet with the pre-filtered Lucene variant and, when given, the plain one.</summary>
    /// <param name="queryTexts">Each watch's query as written, for the examples.</param>
    public static Agreement Compare(
        IReadOnlyList<Article> articles,
        IReadOnlyList<Watch> watches,
        IReadOnlyList<string> queryTexts,
        Func<Article, IReadOnlyList<int>> watchSet,
        Func<Article, IReadOnlyList<int>> prefiltered,
        Func<Article, IReadOnlyList<int>>? plain)
    {
        ArgumentNullException.ThrowIfNull(articles);
        ArgumentNullException.ThrowIfNull(watches);
        ArgumentNullException.ThrowIfNull(queryTexts);
        ArgumentNullException.ThrowIfNull(watchSet);
        ArgumentNullException.ThrowIfNull(prefiltered);
        long matches = 0;
        long differences = 0;
        var causes = new Dictionary<string, int>(StringComparer.Ordinal);
        var examples = new List<string>();
        foreach (var article in articles)
        {
            var ours = watchSet(article).ToHashSet();
            var filtered = prefiltered(article).ToHashSet();
            var all = plain?.Invoke(article).ToHashSet() ?? filtered;
            var union = new HashSet<int>(ours);
            union.UnionWith(filtered);
            union.UnionWith(all);
            matches += union.Count;
            foreach (var w in union)
            {
                if (ours.Contains(w) && filtered.Contains(w) && all.Contains(w))
                {
                    continue;
                }

                differences++;
                var cause = Cause(watches[w], article, ours.Contains(w), filtered.Contains(w), all.Contains(w));
                causes[cause] = causes.GetValueOrDefault(cause) + 1;
                if (examples.Count < 20)
                {
                    examples.Add($"{cause}: watch {watches[w].Id} [{queryTexts[w]}] on \"{Cut(article.Title)}\" | \"{Cut(article.Summary)}\"");
                }
            }
        }

        return new Agreement((long)articles.Count * watches.Count, matches, differences, causes, examples);
    }

    private static string Cause(Watch watch, Article article, bool ours, bool filtered, bool plain)
    {
        if (filtered != plain)
        {
            return "pre-filter dropped a matching query";
        }

        var who = ours ? "WatchSet only" : "Lucene only";
        var text = article.Title + " " + article.Summary;
        var joined = text.Any(c => c is '-' or '\'' or '\u2019' or '\u2010' or '\u2011');
        if (HasNear(watch.Query) && joined)
        {
            return who + ", NEAR across hyphenated or apostrophed words (WatchSet counts words, Lucene positions count their parts)";
        }

        return who + (joined ? ", text with joined words" : ", other");
    }

    private static bool HasNear(Query query) => query switch
    {
        NearQuery => true,
        AndQuery all => all.Operands.Any(HasNear),
        OrQuery any => any.Operands.Any(HasNear),
        NotQuery not => HasNear(not.Operand),
        _ => false,
    };

    private static string Cut(string text) => text.Length <= 120 ? text : text[..120] + "…";
}
