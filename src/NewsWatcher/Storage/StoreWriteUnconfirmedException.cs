namespace NewsWatcher.Storage;

/// <summary>
/// A write reached the store but its answer did not come back in time (a timeout or a dropped connection after the
/// command was sent): it may or may not have been applied. Not a <c>RedisException</c>, so callers cannot mistake it
/// for a write that certainly failed.
/// </summary>
internal sealed class StoreWriteUnconfirmedException : Exception
{
    public StoreWriteUnconfirmedException()
    {
    }

    public StoreWriteUnconfirmedException(string message)
        : base(message)
    {
    }

    public StoreWriteUnconfirmedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
