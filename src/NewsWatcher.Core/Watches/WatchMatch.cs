namespace NewsWatcher.Core.Watches;

/// <summary>An article matched a watch; carries why (the matched terms).</summary>
public sealed record WatchMatch(
    string WatchId,
    string WatchName,
    string Category,
    WatchPriority Priority,
    IReadOnlyList<MatchedTerm> Terms);
