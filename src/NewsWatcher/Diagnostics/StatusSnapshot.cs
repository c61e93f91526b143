using NewsWatcher.Core.Outbox;
using NewsWatcher.Core.Polling;
using NewsWatcher.Core.Subscribers;

namespace NewsWatcher.Diagnostics;

/// <summary>Everything the status page and the gauges show, read at one moment.</summary>
/// <param name="At">When this snapshot was taken.</param>
/// <param name="StoreError">Why the store could not be read at <paramref name="At"/>; feed health, watch counts, recent matches and outboxes are then those last read.</param>
internal sealed record StatusSnapshot(
    DateTimeOffset At,
    IReadOnlyList<FeedStatus> Feeds,
    IReadOnlyList<WatchStatus> Watches,
    IReadOnlyList<RecentMatch> RecentMatches,
    IReadOnlyList<PendingStatus> Pending,
    string? StoreError)
{
    public static StatusSnapshot Empty { get; } = new(DateTimeOffset.MinValue, [], [], [], [], null) { Stale = true };

    /// <summary>When feed health, watch counts, recent matches and outboxes were last read from the store; null if never.</summary>
    public DateTimeOffset? StoreReadAt { get; init; }

    /// <summary>The last refresh could not read the store (or none succeeded yet): what it shows may be out of date.</summary>
    public bool Stale { get; init; }

    /// <summary>The truce threads with the newest developments (the Stories view), newest first.</summary>
    public IReadOnlyList<NewsWatcher.Core.Dedup.StoryThread> Stories { get; init; } = [];

    /// <summary>Items given up for good (too large, or refused alone), newest first.</summary>
    public IReadOnlyList<GivenUpStatus> GivenUp { get; init; } = [];

    /// <summary>The pipeline's event count when the refresh began (<see cref="NewsWatcherMetrics.Version"/>).</summary>
    internal long Version { get; init; } = -1;

    /// <summary>The cluster's replicas from the Quartz tables; null when the schedule is in memory (one node).</summary>
    public IReadOnlyList<NewsWatcher.Scheduling.ReplicaInfo>? Replicas { get; init; }

    /// <summary>Why the replicas are missing, when the scheduler database could not be read.</summary>
    public string? ClusterError { get; init; }

    /// <summary>The replica that rendered this snapshot.</summary>
    public string? InstanceId { get; init; }
}

/// <summary>A message or item given up for good for one subscriber, and why.</summary>
internal sealed record GivenUpStatus(Route Route, FailedDelivery Failure);

/// <summary>A feed, its health, and whether it has gone silent for longer than expected.</summary>
internal sealed record FeedStatus(FeedDefinition Feed, FeedHealth Health, bool Stale, TimeSpan Silence)
{
    /// <summary>ok, failing, stale, disabled, or unknown (never polled).</summary>
    public string State => !Feed.Enabled ? "disabled"
        : Health.ConsecutiveFailures > 0 ? "failing"
        : Stale ? "stale"
        : Health.LastAttempt is null ? "unknown"
        : "ok";

    /// <summary>The median delay from publication to accepted alert over this feed's latest alerts on this replica; null before its first.</summary>
    public TimeSpan? DelayP50 { get; init; }

    /// <summary>Its next poll and why, its learned rhythm and its WebSub push; null when the page was built without them.</summary>
    public FeedSchedule? Schedule { get; init; }
}

/// <summary>A watch and how often it matched over the last 24 hours.</summary>
internal sealed record WatchStatus(string Id, string Name, string Category, string Priority, int MatchesLast24Hours);

/// <summary>One subscriber's outbox: items waiting per channel and when the oldest of them was queued.</summary>
internal sealed record PendingStatus(Route Route, long Alerts, long Digests, DateTimeOffset? Oldest)
{
    /// <summary>How many of the latest permanent failures the page shows per outbox.</summary>
    public const int FailedShown = 3;

    /// <summary>The latest messages this outbox's receiver refused for good, newest first.</summary>
    public IReadOnlyList<FailedDelivery> Failed { get; init; } = [];

    /// <summary>When this outbox last had a message accepted; a refusal before it is past (fixed since), not current.</summary>
    public DateTimeOffset? LastSent { get; init; }

    /// <summary>Messages held after a transient failure (their items still pending), with why and when the next attempt is.</summary>
    public IReadOnlyList<RetryingStatus> Retrying { get; init; } = [];

    /// <summary>What the subscriber changed on the preferences page; null when nothing.</summary>
    public NewsWatcher.Core.Subscribers.SubscriberPreferences? Preferences { get; init; }
}

/// <summary>A message of one outbox that failed transiently and waits for its next attempt; its items stay pending.</summary>
internal sealed record RetryingStatus(NewsWatcher.Core.Outbox.OutboxKind Outbox, int Items, int Attempts, string Reason, DateTimeOffset FailedAt, DateTimeOffset? NextAttempt);
