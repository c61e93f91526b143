using NewsWatcher.Core.Articles;
using NewsWatcher.Core.Watches;

namespace NewsWatcher.Core.Digests;

/// <summary>One pending entry for a subscriber: an article and the watches it matched that the subscriber follows.</summary>
public sealed record DigestItem(Article Article, IReadOnlyList<WatchMatch> Matches)
{
    /// <summary>Key of the entry in the subscriber's pending set: one entry per article.</summary>
    public string Key => Article.Id;
}
