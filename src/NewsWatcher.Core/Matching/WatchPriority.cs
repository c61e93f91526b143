namespace NewsWatcher.Core.Matching;

/// <summary>Urgent matches may be alerted immediately; normal ones wait for the digest.</summary>
public enum WatchPriority
{
    Normal,
    Urgent,
}
