using NewsWatcher.Core.Articles;

namespace NewsWatcher.Core.Watches;

/// <summary>The compiled watch rules; matches an article against all of them.</summary>
/// <remarks>
/// Every distinct term across all watches is compiled once here. Per article the two fields are tokenised once and
/// each term is looked up at most once, however many watches share it; the query trees then only combine cached results.
/// </remarks>
public sealed class WatchSet
{
    private static readonly MatchedTerm[] NoTerms = [];

    private readonly Dictionary<TermQuery, int> _termIds = [];
    private readonly List<TermPattern> _patterns = [];

    public WatchSet(IReadOnlyList<Watch> watches)
    {
        ArgumentNullException.ThrowIfNull(watches);
        Watches = watches;
        foreach (var watch in watches)
        {
            Compile(watch.Id, watch.Query);
        }
    }

    public IReadOnlyList<Watch> Watches { get; }

    /// <summary>Every watch the article matches, each with the terms that matched.</summary>
    public IReadOnlyList<WatchMatch> Match(Article article)
    {
        ArgumentNullException.ThrowIfNull(article);
        var title = new FieldText(TermQuery.TitleField, article.Title ?? string.Empty);
        var summary = new FieldText(TermQuery.SummaryField, article.Summary ?? string.Empty);
        var cache = new MatchedTerm[]?[_patterns.Count];
        var matches = new List<WatchMatch>();
        var spans = new List<MatchedTerm>();
        foreach (var watch in Watches)
        {
            spans.Clear();
            if (Evaluate(watch.Query, title, summary, cache, spans))
            {
                var terms = spans.Distinct()
                    .OrderBy(t => t.Field == TermQuery.TitleField ? 0 : 1)
                    .ThenBy(t => t.Start)
                    .ThenBy(t => t.Length)
                    .ToArray();
                matches.Add(new WatchMatch(watch.Id, watch.Name, watch.Category, watch.Priority, terms));
            }
        }

        return matches;
    }

    private void Compile(string watchId, Query query)
    {
        switch (query)
        {
            case TermQuery term:
                if (_termIds.ContainsKey(term))
                {
                    return;
                }

                if (term.Field is not (null or TermQuery.TitleField or TermQuery.SummaryField))
                {
                    throw new ArgumentException($"watch '{watchId}': term '{term.Text}' has unknown field '{term.Field}'", nameof(query));
                }

                var pattern = TermPattern.TryCompile(term.Text, out var error)
                    ?? throw new ArgumentException($"watch '{watchId}': term '{term.Text}' {error}", nameof(query));
                _termIds[term] = _patterns.Count;
                _patterns.Add(pattern);
                return;
            case AndQuery and:
                foreach (var operand in and.Operands)
                {
                    Compile(watchId, operand);
                }

                return;
            case OrQuery or:
                foreach (var operand in or.Operands)
                {
                    Compile(watchId, operand);
                }

                return;
            case NotQuery not:
                Compile(watchId, not.Operand);
                return;
            default:
                throw new ArgumentException($"watch '{watchId}': unsupported query node {query.GetType().Name}", nameof(query));
        }
    }

    /// <summary>True when the query matches; the spans of the terms that made it match are appended to <paramref name="spans"/>.</summary>
    private bool Evaluate(Query query, FieldText title, FieldText summary, MatchedTerm[]?[] cache, List<MatchedTerm> spans)
    {
        switch (query)
        {
            case TermQuery term:
            {
                var found = Find(term, title, summary, cache);
                spans.AddRange(found);
                return found.Length > 0;
            }

            case AndQuery and:
            {
                // Spans only count if the whole conjunction holds, so collect them aside first.
                var local = new List<MatchedTerm>();
                foreach (var operand in and.Operands)
                {
                    if (!Evaluate(operand, title, summary, cache, local))
                    {
                        return false;
                    }
                }

                spans.AddRange(local);
                return true;
            }

            case OrQuery or:
            {
                // No short-circuit: the reader should see every alternative that matched.
                var any = false;
                foreach (var operand in or.Operands)
                {
                    any |= Evaluate(operand, title, summary, cache, spans);
                }

                return any;
            }

            case NotQuery not:
                return !Evaluate(not.Operand, title, summary, cache, []);
            default:
                throw new InvalidOperationException($"unsupported query node {query.GetType().Name}");
        }
    }

    private MatchedTerm[] Find(TermQuery term, FieldText title, FieldText summary, MatchedTerm[]?[] cache)
    {
        var id = _termIds[term];
        if (cache[id] is { } cached)
        {
            return cached;
        }

        var pattern = _patterns[id];
        var result = new List<MatchedTerm>();
        var found = new List<(int Start, int Length)>();
        foreach (var field in new[] { title, summary })
        {
            if (term.Field is not null && term.Field != field.Field)
            {
                continue;
            }

            found.Clear();
            pattern.FindIn(field, found);
            result.AddRange(found.Select(f => new MatchedTerm(term.Text, field.Field, f.Start, f.Length)));
        }

        return cache[id] = result.Count == 0 ? NoTerms : [.. result];
    }
}
