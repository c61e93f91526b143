using NewsWatcher.Configuration;
using NewsWatcher.Diagnostics;
using NewsWatcher.Scheduling;
using Quartz;

namespace NewsWatcher.Polling;

/// <summary>
/// Polls one feed. Never overlaps itself; a slow poll delays the next instead of doubling up. The trigger keeps the
/// feed's interval; a feed that must wait longer (backoff, Retry-After, Cache-Control max-age, RSS ttl) is skipped by
/// the poller until its stored next-poll time, so the wait holds across restarts and a failed job cannot lose the schedule.
/// An adaptive feed's trigger is moved to the next-poll time the poll decided (its learned rhythm may want it sooner
/// than the interval), repeating at that wait until the next poll decides again; a restart puts it back on the interval.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class PollFeedJob : IJob
{
    public const string FeedIdKey = "feedId";

    /// <summary>A trigger already due within this of the decided time is left alone.</summary>
    private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(1);

    private readonly FeedPoller _poller;
    private readonly EditorConfigProvider _config;
    private readonly NewsWatcherMetrics _metrics;
    private readonly TimeProvider _time;

    public PollFeedJob(FeedPoller poller, EditorConfigProvider config, NewsWatcherMetrics metrics, TimeProvider time)
    {
        _metrics = metrics;
        _poller = poller;
        _config = config;
        _time = time;
    }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var feedId = context.MergedJobDataMap.GetString(FeedIdKey);
        var feed = _config.Current.Feeds.FirstOrDefault(f => f.Id == feedId && f.Enabled);
        if (feed is null)
        {
            return;
        }

        var outcome = await _poller.PollAsync(feed, honourNextPoll: true, cancellationToken).ConfigureAwait(false);
        _metrics.PollCompleted(feed, outcome);
        // A backoff or Retry-After keeps the trigger as it is: the poller skips until then, as for every feed.
        if (feed.Adaptive && outcome.Health is { ConsecutiveFailures: 0 } && outcome.NextPoll is { } next && next > _time.GetUtcNow() && context.Trigger is ISimpleTrigger current
            && (current.NextFireTimeUtc is not { } due || (due - next).Duration() > Tolerance))
        {
            // The trigger measures its interval from the job's completion, which Quartz applies to the replacement
            // too: so the replacement's interval is the wait itself, and the next poll moves it again.
            var wait = next - _time.GetUtcNow();
            var trigger = ScheduleRegistrar.FeedTrigger(feed.Id, next, wait > Tolerance ? wait : Tolerance, _time);
            await context.Scheduler.RescheduleJob(current.Key, trigger, cancellationToken).ConfigureAwait(false);
        }
    }
}
