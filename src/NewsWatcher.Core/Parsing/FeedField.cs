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

    /// <summary>RSS 1.0 syndication module's sy:updatePeriod (hourly, daily, …), on the channel only.</summary>
    UpdatePeriod,

    /// <summary>sy:updateFrequency: how many updates per <see cref="UpdatePeriod"/>, on the channel only.</summary>
    UpdateFrequency,
    Count,
}
