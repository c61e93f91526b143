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

    /// <summary>RSS 1.0 syndication module's sy:updatePeriod (hourly, daily, …), on the channel or an Atom feed's root only.</summary>
    UpdatePeriod,

    /// <summary>sy:updateFrequency: how many updates per <see cref="UpdatePeriod"/>, in the same places.</summary>
    UpdateFrequency,

    /// <summary>RSS 2.0's &lt;source&gt;: the outlet an aggregator (Google News) names for an item, also appended to its title.</summary>
    Source,
    Count,
}
