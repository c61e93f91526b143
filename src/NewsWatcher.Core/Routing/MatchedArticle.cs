using NewsWatcher.Core.Articles;
using NewsWatcher.Core.Digests;
using NewsWatcher.Core.Stages;
using NewsWatcher.Core.Threads;
using NewsWatcher.Core.Watches;

namespace NewsWatcher.Core.Routing;

/// <summary>
/// What matching decided about one article, once, before routing: every watch it matched (followed by anyone or not),
/// its stage and its truce thread. Routing splits it into deliveries; dedup, the metrics and the status page read it whole.
/// </summary>
public sealed record MatchedArticle(Article Article, IReadOnlyList<WatchMatch> Matches)
{
    /// <summary>The development stage and actor; null when not classified (the watch categories decide).</summary>
    public StageDecision? Stage { get; init; }

    /// <summary>Its conflict and development, for threading; null for callers that do not thread.</summary>
    public ThreadFacts? Thread { get; init; }

    /// <summary>The stage as subscribers see it: its section heading's key.</summary>
    public string StageLabel => DigestComposer.PrimaryCategory(Stage?.Stage, Matches);
}
