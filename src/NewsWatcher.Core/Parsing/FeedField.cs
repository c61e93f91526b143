namespace NewsWatcher.Core.Parsing;

/// <summary>The children of an item (or of the channel) whose text the parser reads, by local name.</summary>
internal enum FeedField
{
    Title,
    Description,
    Summary,
    Encoded,
    Content,
    Guid,
    Id,
    PubDate,
    Published,
    Issued,
    Date,
    Updated,
    Modified,
    Ttl,
    Count,
}
