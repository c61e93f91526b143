using NewsWatcher.Core.Matching;

namespace NewsWatcher.Core.Delivery;

/// <summary>
/// Why an item matched, as a reader is told it: the one watch that decided its stage and the words of the article that
/// matched it, not the rule's syntax (<c>cease-fire*</c>, <c>propos*</c>) nor every generic watch that also fired. The
/// full list stays with the editors' tools (<c>rules test</c>) and the status page.
/// </summary>
public static class MatchReason
{
    /// <summary>The watch whose category is the item's stage (urgent first); when none is, the most important of its matches.</summary>
    public static WatchMatch? Deciding(DigestItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Matches.Count == 0)
        {
            return null;
        }

        var stage = DigestComposer.PrimaryCategory(item);
        return item.Matches
            .OrderBy(m => DigestCategories.Normalize(m.Category) == stage ? 0 : 1)
            .ThenBy(m => DigestCategories.Rank(m.Category))
            .ThenBy(m => m.Priority == WatchPriority.Urgent ? 0 : 1)
            .First();
    }

    /// <summary>The article's own words where <paramref name="match"/> matched (title first), each once; a term the text cannot show (a link or source term) as written, without its wildcard.</summary>
    public static IReadOnlyList<string> Words(DigestItem item, WatchMatch match)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(match);
        var words = new List<string>();
        foreach (var term in match.Terms.OrderBy(t => FieldOrder(t.Field)).ThenBy(t => t.Start))
        {
            var text = FieldText(item, term.Field);
            var spans = text is null ? [] : TermHighlighter.Spans(text, term.Field, [term]);
            var word = MailText.SingleLine(spans.Count > 0 ? text![spans[0].Start..spans[0].End] : term.Term.Trim('"').TrimEnd('*'));
            if (word.Length > 0 && !words.Contains(word, StringComparer.OrdinalIgnoreCase))
            {
                words.Add(word);
            }
        }

        return words;
    }

    /// <summary>"Matched: Cease-fire rejected — “rejects”, “truce”": one line for mail, chat and pages meant for readers.</summary>
    public static string Line(DigestItem item)
    {
        if (Deciding(item) is not { } match)
        {
            return "";
        }

        var words = Words(item, match);
        return words.Count == 0 ? $"Matched: {match.WatchName}" : $"Matched: {match.WatchName} — {string.Join(", ", words.Select(w => $"“{w}”"))}";
    }

    /// <summary>The terms to highlight: those of the deciding watch, so the marked words are the words the line names.</summary>
    public static IReadOnlyList<MatchedTerm> HighlightTerms(DigestItem item) => Deciding(item)?.Terms ?? [];

    private static string? FieldText(DigestItem item, string field) =>
        string.Equals(field, "title", StringComparison.OrdinalIgnoreCase) ? item.Article.Title
        : string.Equals(field, "summary", StringComparison.OrdinalIgnoreCase) ? item.Article.Summary
        : null;

    private static int FieldOrder(string field) =>
        string.Equals(field, "title", StringComparison.OrdinalIgnoreCase) ? 0 : string.Equals(field, "summary", StringComparison.OrdinalIgnoreCase) ? 1 : 2;
}
