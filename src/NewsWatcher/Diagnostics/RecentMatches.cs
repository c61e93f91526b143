using Microsoft.Extensions.Logging;
using NewsWatcher.Core.Matching;
using StackExchange.Redis;

namespace NewsWatcher.Diagnostics;

/// <summary>
/// The latest matches and the per-watch 24-hour counts for the status page, kept in the shared store so every
/// replica shows the cluster's picture. Recording never fails a poll: a store that cannot take it only loses the
/// entries for the page (the matches themselves are already queued).
/// </summary>
internal sealed class RecentMatches
{
    public const int Capacity = IMatchActivityStore.Capacity;

    private readonly IMatchActivityStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<RecentMatches> _logger;

    public RecentMatches(IMatchActivityStore store, TimeProvider time, ILogger<RecentMatches> logger)
    {
        _store = store;
        _time = time;
        _logger = logger;
    }

    /// <summary>The new articles of a recorded batch that matched, one entry each with its distinct watches and its stage.</summary>
    public static IReadOnlyList<RecentMatch> From(IReadOnlyList<ArticleDeliveries> batch, IReadOnlyList<bool> isNew, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(isNew);
        var matches = new List<RecentMatch>();
        for (var i = 0; i < batch.Count; i++)
        {
            // Every match of a new article, whether or not a route follows its watch.
            if (!isNew[i] || batch[i].Matched is not { Matches.Count: > 0 } matched)
            {
                continue;
            }

            matches.Add(new RecentMatch(at, matched.Article, matched.PerWatch) { Stage = matched.PrimaryCategory, Actor = matched.Stage?.Actor });
        }

        return matches;
    }

    /// <summary>Records the new matches of a feed's batch (after the ledger decided which articles are new).</summary>
    public async Task RecordAsync(string feedId, IReadOnlyList<ArticleDeliveries> batch, IReadOnlyList<bool> isNew, CancellationToken cancellationToken)
    {
        var matches = From(batch, isNew, _time.GetUtcNow());
        if (matches.Count == 0)
        {
            return;
        }

        try
        {
            await _store.RecordAsync(matches, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Log.RecentMatchesNotRecorded(_logger, ex, feedId, matches.Count);
        }
    }

    /// <summary>The cluster's newest matches and the counts over the 24 hours before <paramref name="now"/>; throws when the store cannot be read.</summary>
    public Task<MatchActivity> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        _store.ReadAsync(Capacity, now, cancellationToken);
}
