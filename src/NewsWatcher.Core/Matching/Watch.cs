namespace NewsWatcher.Core.Matching;

/// <summary>A watch rule: what it is called, how it is classified, and the query it runs.</summary>
/// <param name="Exclude">Drops a match when it also matches (known false positives); null when none.</param>
/// <param name="Feeds">Feed ids the watch is limited to; null or empty for every feed.</param>
public sealed record Watch(
    string Id,
    string Name,
    string Category,
    WatchPriority Priority,
    Query Query,
    int Line = 0,
    Query? Exclude = null,
    IReadOnlyList<string>? Feeds = null);
