using NewsWatcher.Core.Feeds;
using NewsWatcher.Core.Subscribers;
using NewsWatcher.Storage;

namespace NewsWatcher.Diagnostics;

/// <summary>Everything the status page and the gauges show, read at one moment.</summary>
/// <param name="StoreError">Why pending counts are missing, when the store could not be read.</param>
public sealed record StatusSnapshot(
    DateTimeOffset At,
    IReadOnlyList<FeedStatus> Feeds,
    IReadOnlyList<WatchStatus> Watches,
    IReadOnlyList<RecentMatch> RecentMatches,
    IReadOnlyList<PendingStatus> Pending,
    string? StoreError)
{
    public static StatusSnapshot Empty { get; } = new(DateTimeOffset.MinValue, [], [], [], [], null);
}

/// <summary>A feed, its health, and whether it has gone silent for longer than expected.</summary>
public sealed record FeedStatus(FeedDefinition Feed, FeedHealth Health, bool Stale, TimeSpan Silence)
{
    /// <summary>ok, failing, stale, disabled, or unknown (never polled).</summary>
    public string State => !Feed.Enabled ? "disabled"
        : Health.ConsecutiveFailures > 0 ? "failing"
        : Stale ? "stale"
        : Health.LastAttempt is null ? "unknown"
        : "ok";
}

/// <summary>A watch and how often it matched over the last 24 hours.</summary>
public sealed record WatchStatus(string Id, string Name, string Category, string Priority, int MatchesLast24Hours);

/// <summary>One subscriber's outbox: items waiting per channel and when the oldest of them was queued.</summary>
public sealed record PendingStatus(Subscriber Subscriber, long Alerts, long Digests, DateTimeOffset? Oldest)
{
    /// <summary>How many of the latest permanent failures the page shows per outbox.</summary>
    public const int FailedShown = 3;

    /// <summary>The latest messages this outbox's receiver refused for good, newest first.</summary>
    public IReadOnlyList<FailedDelivery> Failed { get; init; } = [];

    /// <summary>What the subscriber changed on the preferences page; null when nothing.</summary>
    public NewsWatcher.Core.Subscribers.SubscriberPreferences? Preferences { get; init; }
}
