using NewsWatcher.Core.Dedup;
using NewsWatcher.Core.Delivery;
using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Core.Matching;

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

    /// <summary>
    /// The section key subscribers see it under ("violation"): its stage, or without one the most important watch
    /// category (not the past-tense label a thread development shows, <see cref="ThreadDevelopment.StageLabel"/>).
    /// </summary>
    public string PrimaryCategory => DigestComposer.PrimaryCategory(Stage?.Stage, Matches);

    /// <summary>Its matches, one per watch (the first of each, in match order): what is counted once per watch.</summary>
    public IReadOnlyList<WatchMatch> PerWatch => [.. Matches.DistinctBy(m => m.WatchId, StringComparer.Ordinal)];
}
