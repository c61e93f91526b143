namespace NewsWatcher.Core.Matching;

/// <summary>Where a query term matched: the term as written, the field, and the character span in that field's text.</summary>
public sealed record MatchedTerm(string Term, string Field, int Start, int Length);
