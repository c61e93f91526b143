using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using NewsWatcher.Core.Polling;
using NewsWatcher.Polling;

namespace NewsWatcher.Diagnostics;

/// <summary>
/// Feed health for the status page and the gauges, read from the store (so it is the same on every replica and
/// survives restarts). Logs once when a feed turns stale (nothing new for longer than its <c>expectedUpdate</c>)
/// and once when it recovers.
/// </summary>
internal sealed class FeedHealthBoard : IFeedHealthSource
{
    private readonly ConcurrentDictionary<string, bool> _stale = new(StringComparer.Ordinal);
    private readonly IFeedStateStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<FeedHealthBoard> _logger;

    public FeedHealthBoard(IFeedStateStore store, TimeProvider time, ILogger<FeedHealthBoard> logger)
    {
        _store = store;
        _time = time;
        _logger = logger;
        ObservingSince = time.GetUtcNow();
    }

    public DateTimeOffset ObservingSince { get; }

    public async Task<IReadOnlyList<FeedHealth>> GetAsync(IReadOnlyList<FeedDefinition> feeds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feeds);
        var states = await _store.GetStatesAsync([.. feeds.Select(f => f.Id)], cancellationToken).ConfigureAwait(false);
        return [.. states.Select(s => s.Health)];
    }

    /// <summary>Whether <paramref name="feed"/> has produced nothing new for longer than its expected update interval.</summary>
    public static bool IsStale(FeedDefinition feed, FeedHealth health, DateTimeOffset observingSince, DateTimeOffset now) =>
        feed.ExpectedUpdate is { } expected && now - (health.LastNewArticle ?? observingSince) > expected;

    internal void Record(FeedDefinition feed, PollOutcome outcome)
    {
        if (outcome.Health is not { } health)
        {
            return; // the poll did not reach the store: nothing new is known
        }

        var now = _time.GetUtcNow();
        var stale = IsStale(feed, health, ObservingSince, now);
        var wasStale = _stale.TryGetValue(feed.Id, out var previous) && previous;
        _stale[feed.Id] = stale;
        if (stale && !wasStale)
        {
            Log.FeedStale(_logger, feed.Id, now - (health.LastNewArticle ?? ObservingSince), feed.ExpectedUpdate!.Value);
        }
        else if (!stale && wasStale)
        {
            Log.FeedFreshAgain(_logger, feed.Id);
        }
    }
}
