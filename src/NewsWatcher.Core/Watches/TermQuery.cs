namespace NewsWatcher.Core.Watches;

/// <summary>
/// A word or phrase, matched whole-word and case-insensitively on normalised tokens.
/// A trailing <c>*</c> on a word makes it a prefix (<c>negotiat*</c>, <c>перемир*</c>); a hyphenated word
/// (<c>cease-fire</c>) also matches its joined (<c>ceasefire</c>) and spaced (<c>cease fire</c>) spellings.
/// </summary>
/// <param name="Text">The term as the editor wrote it; shown back in <see cref="MatchedTerm.Term"/>.</param>
/// <param name="Field">"title" or "summary" to scope the term to one field; null searches both.</param>
public sealed record TermQuery(string Text, string? Field = null) : Query
{
    public const string TitleField = "title";
    public const string SummaryField = "summary";
}
