namespace NewsWatcher.Fetching;

public enum FetchStatus
{
    Ok,
    NotModified,
    Failed,
}
