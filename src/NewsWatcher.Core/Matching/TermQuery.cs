namespace NewsWatcher.Core.Matching;

/// <summary>
/// A word or phrase, matched whole-word on folded text (case, diacritics, apostrophe styles and hyphen/space variants
/// ignored). A trailing <c>*</c> on a word makes it a prefix (<c>negotiat*</c>, <c>перемир*</c>).
/// </summary>
/// <param name="Text">The term as the editor wrote it; shown back in <see cref="MatchedTerm.Term"/>.</param>
/// <param name="Field">One of <see cref="Fields"/> to scope the term; null searches the title and the summary.</param>
public sealed record TermQuery(string Text, string? Field = null) : Query
{
    public const string TitleField = "title";
    public const string SummaryField = "summary";
    public const string SourceField = "source";
    public const string LinkField = "link";

    /// <summary>Every field a term can be scoped to: the headline, the summary, the feed id, and the link's host and path.</summary>
    public static IReadOnlyList<string> Fields { get; } = [TitleField, SummaryField, SourceField, LinkField];

    public override int Depth => 1;

    public override int TermCount => 1;
}
