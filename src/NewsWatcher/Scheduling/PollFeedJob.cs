using NewsWatcher.Configuration;
using NewsWatcher.Diagnostics;
using NewsWatcher.Pipeline;
using Quartz;

namespace NewsWatcher.Scheduling;

/// <summary>
/// Polls one feed. Never overlaps itself; a slow poll delays the next instead of doubling up. The trigger keeps the
/// feed's interval; a feed that must wait longer (backoff, Retry-After, Cache-Control max-age, RSS ttl) is skipped by
/// the poller until its stored next-poll time, so the wait holds across restarts and a failed job cannot lose the schedule.
/// </summary>
[DisallowConcurrentExecution]
public sealed class PollFeedJob : IJob
{
    public const string FeedIdKey = "feedId";

    private readonly FeedPoller _poller;
    private readonly EditorConfigProvider _config;
    private readonly NewsWatcherMetrics _metrics;

    public PollFeedJob(FeedPoller poller, EditorConfigProvider config, NewsWatcherMetrics metrics)
    {
        _metrics = metrics;
        _poller = poller;
        _config = config;
    }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var feedId = context.MergedJobDataMap.GetString(FeedIdKey);
        var feed = _config.Current.Feeds.FirstOrDefault(f => f.Id == feedId && f.Enabled);
        if (feed is not null)
        {
            _metrics.PollCompleted(feed, await _poller.PollAsync(feed, honourNextPoll: true, cancellationToken).ConfigureAwait(false));
        }
    }
}
