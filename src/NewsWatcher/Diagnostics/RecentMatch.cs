using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Diagnostics;

/// <summary>A new article, the watches it matched and the stage it was given, when a replica recorded it.</summary>
internal sealed record RecentMatch(DateTimeOffset At, Article Article, IReadOnlyList<WatchMatch> Matches)
{
    /// <summary>The development stage shown to subscribers; null when not classified.</summary>
    public string? Stage { get; init; }

    /// <summary>The named party beside the stage, where the text names one.</summary>
    public string? Actor { get; init; }
}
