using NewsWatcher.Core.Feeds;

namespace NewsWatcher.Diagnostics;

/// <summary>
/// Where the status page and the metrics read feed health from. Today: what this process observed
/// (<see cref="FeedHealthBoard"/>); the store's per-feed health can stand behind the same interface.
/// </summary>
public interface IFeedHealthSource
{
    /// <summary>One entry per feed, in the order given; feeds never polled get <see cref="FeedHealth.Unknown"/>.</summary>
    Task<IReadOnlyList<FeedHealth>> GetAsync(IReadOnlyList<FeedDefinition> feeds, CancellationToken cancellationToken);

    /// <summary>The time silence is measured from for a feed that has produced nothing new yet.</summary>
    DateTimeOffset ObservingSince { get; }
}
