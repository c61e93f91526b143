namespace NewsWatcher.Core.Articles;

/// <summary>One feed item, normalised: plain text, UTC time, canonical http(s) link, stable id.</summary>
/// <param name="Id">Stable id: the feed's guid, else the canonical link, else a content hash.</param>
/// <param name="FeedId">The id of the feed (from feeds.yaml) this article came from.</param>
/// <param name="Title">Plain text: HTML stripped, entities decoded, whitespace collapsed.</param>
/// <param name="Summary">Plain text, same normalisation as the title; may be empty.</param>
/// <param name="Link">Canonical absolute http(s) link, or null when the item has none we trust.</param>
/// <param name="Published">Publication time in UTC, or the first-seen time when the feed gave none.</param>
/// <param name="PublishedIsFirstSeen">True when <paramref name="Published"/> is the first-seen time.</param>
public sealed record Article(
    string Id,
    string FeedId,
    string Title,
    string Summary,
    string? Link,
    DateTimeOffset Published,
    bool PublishedIsFirstSeen = false);
