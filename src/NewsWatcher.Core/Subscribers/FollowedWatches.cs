namespace NewsWatcher.Core.Subscribers;

/// <summary>
/// The one rule for what a subscriber may follow: a watch id watches.yaml has, or <see cref="All"/>. Checked when
/// subscribers.yaml is read and again when a saved watches.yaml would drop a watch someone follows.
/// </summary>
public static class FollowedWatches
{
    /// <summary>Follows every watch; listed alone.</summary>
    public const string All = "*";

    /// <summary>Whether <paramref name="watchId"/> names a watch in <paramref name="knownWatchIds"/> (or is <see cref="All"/>).</summary>
    public static bool IsKnown(string watchId, IReadOnlySet<string> knownWatchIds)
    {
        ArgumentNullException.ThrowIfNull(knownWatchIds);
        return watchId == All || knownWatchIds.Contains(watchId);
    }

    /// <summary>The watches <paramref name="subscriber"/> follows that <paramref name="knownWatchIds"/> does not have, in their order.</summary>
    public static IEnumerable<string> Unknown(Subscriber subscriber, IReadOnlySet<string> knownWatchIds)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        return subscriber.Watches.Where(w => !IsKnown(w, knownWatchIds));
    }
}
