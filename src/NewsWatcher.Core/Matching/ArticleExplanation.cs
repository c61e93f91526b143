using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Core.Matching;

/// <summary>
/// The terms behind the watches one article matched, worked out for all of them together on the first request: the
/// article's fields are scanned again and each matched watch's query is evaluated collecting spans.
/// </summary>
internal sealed class ArticleExplanation(WatchSet set, Article article, int[] watches)
{
    private MatchedTerm[][]? _terms;

    /// <summary>The watch of the article's <paramref name="index"/>th match.</summary>
    public Watch Watch(int index) => set.Watches[watches[index]];

    public IReadOnlyList<MatchedTerm> Terms(int index)
    {
        var terms = Volatile.Read(ref _terms);
        if (terms is null)
        {
            lock (this)
            {
                terms = _terms ??= set.Explain(article, watches);
            }
        }

        return terms[index];
    }
}
