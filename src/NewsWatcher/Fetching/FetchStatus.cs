namespace NewsWatcher.Fetching;

internal enum FetchStatus
{
    Ok,
    NotModified,
    Failed,

    /// <summary>410 Gone: the publisher removed the feed for good.</summary>
    Gone,
}
