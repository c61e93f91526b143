using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Core.Dedup;

/// <summary>
/// One identity an article claims in dedup: it is new only if none of its claims was made before. <see cref="Value"/>
/// is feed text (or derived from it), so the store hashes it into a bounded key.
/// </summary>
public sealed record SeenClaim(SeenKind Kind, string Value)
{
    /// <summary>
    /// An article's claims: its id within its feed and its canonical link (when it has one), remembered for the seen
    /// time; and its normalised headline within its feed when <paramref name="byHeadline"/> (headlines are remembered
    /// for a shorter time) and the headline is long enough to identify it.
    /// </summary>
    public static IReadOnlyList<SeenClaim> Of(Article article, bool byHeadline)
    {
        ArgumentNullException.ThrowIfNull(article);
        var claims = new List<SeenClaim>(3) { new(SeenKind.Id, article.FeedId + "\n" + article.Id) };
        if (article.Link is not null)
        {
            claims.Add(new(SeenKind.Link, article.Link));
        }

        if (byHeadline && PlainText.TitleKey(article.Title) is { } headline)
        {
            claims.Add(new(SeenKind.Headline, article.FeedId + "\n" + headline));
        }

        return claims;
    }
}
