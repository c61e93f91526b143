using NewsWatcher.Core.Dedup;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Core.Matching;

/// <summary>A newly polled article and where its matches must go if it turns out to be new.</summary>
public sealed record ArticleDeliveries(Article Article, IReadOnlyList<PendingDelivery> Deliveries)
{
    /// <summary>What matching decided, before routing (every match, followed or not); null when it matched nothing or was seen before.</summary>
    public MatchedArticle? Matched { get; init; }

    /// <summary>Its conflict and development, for threading; null when it matched nothing (or for callers that do not thread).</summary>
    public ThreadFacts? Thread => Matched?.Thread;
}
