using NewsWatcher.Core.Dedup;
using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Core.Delivery;

/// <summary>One pending entry for a subscriber: an article and the watches it matched that the subscriber follows.</summary>
public sealed record DigestItem(Article Article, IReadOnlyList<WatchMatch> Matches)
{
    /// <summary>Other outlets one entry lists at most; later ones still fold into it (no second entry) without being listed.</summary>
    public const int MaxAlsoReportedBy = 20;

    /// <summary>Key of the entry in the subscriber's pending set: one entry per article.</summary>
    public string Key => Article.Id;

    /// <summary>When the item entered the outbox; how long it has waited is measured from here. Null for items queued by older versions.</summary>
    public DateTimeOffset? QueuedAt { get; init; }

    /// <summary>The article arrived by a WebSub push (the hub's notification) rather than a poll.</summary>
    public bool Pushed { get; init; }

    /// <summary>
    /// The development the article reports (one of the nine stages), decided by the stage cues when it was matched.
    /// Null for items queued before stages existed; <see cref="DigestComposer.PrimaryCategory"/> then falls back to the
    /// first-ranked watch category.
    /// </summary>
    public string? Stage { get; init; }

    /// <summary>The named party that proposed, accepted, rejected or violated, where the text names one; null otherwise.</summary>
    public string? Actor { get; init; }

    /// <summary>The story this article belongs to, when the feed stage clustered it with others; null otherwise.</summary>
    public string? StoryId { get; init; }

    /// <summary>Other outlets' articles on the same story, folded into this entry; empty when none.</summary>
    public IReadOnlyList<StorySource> AlsoReportedBy { get; init; } = [];

    /// <summary>
    /// The truce thread the article belongs to, the development it reports and the developments before it; null for
    /// items queued before threads existed (they render and send as before) and articles in no thread.
    /// </summary>
    public ThreadStamp? Thread { get; init; }

    /// <summary>Independent sources (distinct feeds) that carried the story, this article's own feed included.</summary>
    public int SourceCount => AlsoReportedBy.Select(s => s.FeedId).Append(Article.FeedId).Distinct(StringComparer.Ordinal).Count();
}
