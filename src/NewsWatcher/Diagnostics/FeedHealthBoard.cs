using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using NewsWatcher.Core.Feeds;
using NewsWatcher.Pipeline;

namespace NewsWatcher.Diagnostics;

/// <summary>
/// Feed health as this process observed it: last success, last error, consecutive failures, last new article.
/// Logs once when a feed turns stale (nothing new for longer than its <c>expectedUpdate</c>) and when it recovers.
/// </summary>
public sealed class FeedHealthBoard : IFeedHealthSource
{
    private readonly ConcurrentDictionary<string, FeedHealth> _feeds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _stale = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly ILogger<FeedHealthBoard> _logger;

    public FeedHealthBoard(TimeProvider time, ILogger<FeedHealthBoard> logger)
    {
        _time = time;
        _logger = logger;
        ObservingSince = time.GetUtcNow();
    }

    public DateTimeOffset ObservingSince { get; }

    internal DateTimeOffset Now => _time.GetUtcNow();

    public Task<IReadOnlyList<FeedHealth>> GetAsync(IReadOnlyList<FeedDefinition> feeds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feeds);
        IReadOnlyList<FeedHealth> result = [.. feeds.Select(f => _feeds.TryGetValue(f.Id, out var health) ? health : FeedHealth.Unknown(f.Id))];
        return Task.FromResult(result);
    }

    /// <summary>Whether <paramref name="feed"/> has produced nothing new for longer than its expected update interval.</summary>
    public static bool IsStale(FeedDefinition feed, FeedHealth health, DateTimeOffset observingSince, DateTimeOffset now) =>
        feed.ExpectedUpdate is { } expected && now - (health.LastNewArticleAt ?? observingSince) > expected;

    internal void Record(FeedDefinition feed, PollOutcome outcome)
    {
        var now = _time.GetUtcNow();
        var health = _feeds.AddOrUpdate(
            outcome.FeedId,
            static (id, state) => Next(FeedHealth.Unknown(id), state.outcome, state.now),
            static (_, current, state) => Next(current, state.outcome, state.now),
            (outcome, now));

        var stale = IsStale(feed, health, ObservingSince, now);
        var wasStale = _stale.TryGetValue(feed.Id, out var previous) && previous;
        _stale[feed.Id] = stale;
        if (stale && !wasStale)
        {
            Log.FeedStale(_logger, feed.Id, now - (health.LastNewArticleAt ?? ObservingSince), feed.ExpectedUpdate!.Value);
        }
        else if (!stale && wasStale)
        {
            Log.FeedFreshAgain(_logger, feed.Id);
        }
    }

    private static FeedHealth Next(FeedHealth current, PollOutcome outcome, DateTimeOffset now) => outcome.Failed
        ? current with { LastPollAt = now, LastErrorAt = now, LastError = $"{outcome.Status}: {outcome.Error}", ConsecutiveFailures = current.ConsecutiveFailures + 1 }
        : current with
        {
            LastPollAt = now,
            LastSuccessAt = now,
            ConsecutiveFailures = 0,
            LastNewArticleAt = outcome.NewArticles > 0 ? now : current.LastNewArticleAt,
        };
}
