using Microsoft.Extensions.Options;
using NewsWatcher.Configuration;
using NewsWatcher.Pipeline;
using Quartz;

namespace NewsWatcher.Scheduling;

/// <summary>
/// Polls one feed. Never overlaps itself; a slow poll delays the next instead of doubling up. After each poll the
/// feed's trigger moves to the next-poll time the poller chose (interval, backoff, Retry-After, max-age, ttl).
/// </summary>
[DisallowConcurrentExecution]
public sealed class PollFeedJob : IJob
{
    public const string FeedIdKey = "feedId";

    private readonly FeedPoller _poller;
    private readonly EditorConfigProvider _config;
    private readonly SchedulingOptions _options;
    private readonly TimeProvider _time;

    public PollFeedJob(FeedPoller poller, EditorConfigProvider config, IOptions<SchedulingOptions> options, TimeProvider time)
    {
        _poller = poller;
        _config = config;
        _options = options.Value;
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
        var interval = feed.Interval ?? _options.DefaultInterval;
        if (outcome.NextPoll is { } next && Math.Abs((next - (_time.GetUtcNow() + interval)).TotalSeconds) > 1)
        {
            await context.Scheduler.RescheduleJob(context.Trigger.Key, ScheduleRegistrar.FeedTrigger(feed.Id, next, interval, _time), cancellationToken).ConfigureAwait(false);
        }
    }
}
