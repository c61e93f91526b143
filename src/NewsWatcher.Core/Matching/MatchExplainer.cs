using System.Text;
using NewsWatcher.Core.Delivery;
using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Core.Matching;

/// <summary>Plain-text explanations of a match for editors: a field with its matched spans marked, and the terms behind them.</summary>
public static class MatchExplainer
{
    /// <summary><paramref name="text"/> with every span of <paramref name="field"/> wrapped in <paramref name="open"/>…<paramref name="close"/>.</summary>
    public static string Mark(string text, string field, IEnumerable<MatchedTerm> terms, string open = "[", string close = "]")
    {
        ArgumentNullException.ThrowIfNull(text);
        var marked = new StringBuilder(text.Length + 16);
        var position = 0;
        foreach (var (start, end) in TermHighlighter.Spans(text, field, terms))
        {
            marked.Append(text, position, start - position).Append(open).Append(text, start, end - start).Append(close);
            position = end;
        }

        return marked.Append(text, position, text.Length - position).ToString();
    }

    /// <summary>Lines explaining one watch match: each field that matched with its spans marked, then "term = text" pairs.</summary>
    public static IEnumerable<string> Explain(Article article, WatchMatch match)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(match);
        foreach (var (field, text) in Fields(article))
        {
            if (match.Terms.Any(t => t.Field == field))
            {
                yield return $"{field}: {Mark(text, field, match.Terms)}";
            }
        }

        var pairs = match.Terms
            .Select(t => (t.Term, Text: Slice(article, t)))
            .Distinct()
            .Select(p => $"{p.Term} = \"{p.Text}\"");
        yield return "terms: " + string.Join("; ", pairs);
    }

    private static IEnumerable<(string Field, string Text)> Fields(Article article)
    {
        yield return (TermQuery.TitleField, article.Title ?? string.Empty);
        yield return (TermQuery.SummaryField, article.Summary ?? string.Empty);
        yield return (TermQuery.SourceField, article.FeedId ?? string.Empty);
        yield return (TermQuery.LinkField, article.Link ?? string.Empty);
    }

    private static string Slice(Article article, MatchedTerm term)
    {
        var text = Fields(article).FirstOrDefault(f => f.Field == term.Field).Text ?? string.Empty;
        var start = Math.Clamp(term.Start, 0, text.Length);
        return text.Substring(start, Math.Clamp(term.Length, 0, text.Length - start));
    }
}
