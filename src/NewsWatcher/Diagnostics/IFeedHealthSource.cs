using NewsWatcher.Core.Polling;

namespace NewsWatcher.Diagnostics;

/// <summary>
/// Where the status page and the metrics read feed health from: the store's per-feed health
/// (<see cref="FeedHealthBoard"/>).
/// </summary>
internal interface IFeedHealthSource
{
    /// <summary>One entry per feed, in the order given; feeds never polled get empty health.</summary>
    Task<IReadOnlyList<FeedHealth>> GetAsync(IReadOnlyList<FeedDefinition> feeds, CancellationToken cancellationToken);

    /// <summary>The time silence is measured from for a feed that has produced nothing new yet.</summary>
    DateTimeOffset ObservingSince { get; }
}
