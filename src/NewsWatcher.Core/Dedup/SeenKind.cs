namespace NewsWatcher.Core.Dedup;

/// <summary>What a <see cref="SeenClaim"/> identifies an article by.</summary>
public enum SeenKind
{
    /// <summary>The article's id within its feed (ids are only unique per feed: guids like "42").</summary>
    Id,

    /// <summary>The canonical link, across all feeds, so a syndicated story is delivered once.</summary>
    Link,

    /// <summary>The normalised headline within its feed: the same article under a new guid and link is still seen.</summary>
    Headline,
}
