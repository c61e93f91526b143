using NewsWatcher.Core.Retries;

namespace NewsWatcher.Core.Polling;

/// <summary>
/// When a feed is polled next: the one interval rule (the feed's own, else the default), success (the interval,
/// raised to the server's Cache-Control max-age or the RSS ttl when those ask for longer) and failure (exponential
/// backoff, capped, with a later Retry-After winning). Pure: the poller and the scheduler both ask it.
/// </summary>
public sealed class PollPolicy
{
    /// <param name="minInterval">Shortest adaptive wait for feeds that set no min_interval; null: the default interval.</param>
    /// <param name="maxInterval">Longest adaptive wait for feeds that set no max_interval; null: the default interval.</param>
    /// <param name="hostRequestsPerHour">Adaptive polls one host may get an hour, shared by its feeds; 0 for no budget.</param>
    public PollPolicy(TimeSpan defaultInterval, TimeSpan maxBackoff, TimeSpan? minInterval = null, TimeSpan? maxInterval = null, int hostRequestsPerHour = 0)
    {
        DefaultInterval = defaultInterval;
        MaxBackoff = maxBackoff;
        MinInterval = minInterval ?? defaultInterval;
        MaxInterval = maxInterval ?? defaultInterval;
        HostRequestsPerHour = hostRequestsPerHour;
    }

    public TimeSpan MinInterval { get; }

    public TimeSpan MaxInterval { get; }

    public int HostRequestsPerHour { get; }

    public TimeSpan DefaultInterval { get; }

    public TimeSpan MaxBackoff { get; }

    /// <summary>The feed's interval from feeds.yaml, else the default.</summary>
    public TimeSpan Interval(FeedDefinition feed)
    {
        ArgumentNullException.ThrowIfNull(feed);
        return feed.Interval ?? DefaultInterval;
    }

    /// <summary>
    /// The bounds of an adaptive feed's wait: its own min_interval/max_interval, else the host defaults (the maximum at least four intervals; never a shorter
    /// maximum than minimum), the minimum raised so the <paramref name="feedsOnHost"/> feeds of one host stay within its
    /// hourly request budget.
    /// </summary>
    public (TimeSpan Min, TimeSpan Max) Bounds(FeedDefinition feed, int feedsOnHost = 1)
    {
        ArgumentNullException.ThrowIfNull(feed);
        var min = feed.MinInterval ?? MinInterval;
        if (HostRequestsPerHour > 0)
        {
            var share = TimeSpan.FromHours(1) * Math.Max(1, feedsOnHost) / HostRequestsPerHour;
            min = share > min ? share : min;
        }

        // Without a max_interval of its own, a feed may wait up to four of its intervals when quiet: a maximum no longer
        // than the interval would leave no requests to move to its busy hours.
        var max = feed.MaxInterval ?? (MaxInterval > Interval(feed) * 4 ? MaxInterval : Interval(feed) * 4);
        return (min, max < min ? min : max);
    }

    /// <summary>Learns from the items a successful poll found new (their publication times) and the time that passed.</summary>
    public static FeedHealth Learn(FeedHealth health, IEnumerable<DateTimeOffset> newItemsPublished, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(health);
        return health with { Rhythm = (health.Rhythm ?? PublicationRhythm.Empty).Observe(newItemsPublished, now) };
    }

    /// <summary>
    /// A successful poll at <paramref name="now"/>: failures reset, next poll after the interval (for an adaptive feed
    /// whose rhythm is learned: when items are likely, within its bounds), or later if the server asked.
    /// </summary>
    /// <param name="ttl">The feed's RSS ttl or sy:updatePeriod (kept as <see cref="FeedHealth.PublisherWait"/>); for a 304 answer, the one kept.</param>
    /// <param name="sharedScale">The adaptive feeds' shared budget (<see cref="AdaptiveInterval.SharedScale"/>); null: the feed's own.</param>
    public FeedHealth Succeeded(FeedDefinition feed, FeedHealth health, DateTimeOffset now, TimeSpan? maxAge, TimeSpan? ttl, int feedsOnHost = 1, double? sharedScale = null)
    {
        ArgumentNullException.ThrowIfNull(health);
        var interval = Interval(feed);
        var wait = interval;
        string? reason = null; // the fixed interval: WaitReason says so with the last poll's time
        if (feed.Adaptive)
        {
            var (min, max) = Bounds(feed, feedsOnHost);
            if (health.Rhythm is { } rhythm && AdaptiveInterval.Next(rhythm, now, interval, min, max, sharedScale) is { } adaptive)
            {
                (wait, reason) = (adaptive.NextPoll - now, adaptive.Reason);
            }
            else
            {
                reason = $"learning the feed's rhythm ({health.Rhythm?.Items ?? 0:0} items so far): the interval {interval}";
            }
        }

        if (maxAge > wait)
        {
            (wait, reason) = (maxAge.Value, $"the server asked to wait {maxAge.Value} (Cache-Control max-age)");
        }

        if (ttl > wait)
        {
            (wait, reason) = (ttl.Value, $"the server asked to wait {ttl.Value} (RSS ttl or sy:updatePeriod)");
        }

        return health with { LastSuccess = now, ConsecutiveFailures = 0, NextPoll = now + wait, Interval = interval, NextPollReason = reason, PublisherWait = ttl };
    }

    /// <summary>A failed poll: one more failure in a row, next poll after the backoff, or at Retry-After when later (capped).</summary>
    /// <param name="random">In [0, 1): shortens the backoff by up to 20 % so failing feeds spread out.</param>
    public FeedHealth Failed(FeedDefinition feed, FeedHealth health, DateTimeOffset now, string error, DateTimeOffset? retryAfter, double random)
    {
        ArgumentNullException.ThrowIfNull(health);
        var failures = health.ConsecutiveFailures + 1;
        var next = now + Backoff(Interval(feed), failures, MaxBackoff, random);
        if (retryAfter > next)
        {
            next = retryAfter.Value < now + RetryAfter.Max ? retryAfter.Value : now + RetryAfter.Max;
        }

        return health with { LastError = error, LastErrorAt = now, ConsecutiveFailures = failures, NextPoll = next, Interval = Interval(feed), NextPollReason = null };
    }

    /// <summary>
    /// When the feed is due, with its interval as configured now: the stored next-poll time was set with the interval of
    /// then, and a shortened interval must not wait out the old one. A wait the server asked for (Cache-Control max-age,
    /// RSS ttl, Retry-After: longer than the old interval or backoff allowed) still holds; a backoff keeps its count of
    /// failures and its random shortening, on the new interval.
    /// </summary>
    public DateTimeOffset? NextPoll(FeedDefinition feed, FeedHealth health)
    {
        ArgumentNullException.ThrowIfNull(health);
        var interval = Interval(feed);
        if (health.NextPoll is not { } next || health.Interval is not { } old || old == interval)
        {
            return health.NextPoll;
        }

        if (health.ConsecutiveFailures == 0 && health.LastSuccess is { } succeeded)
        {
            var waited = next - succeeded;
            return succeeded + (waited > old && waited > interval ? waited : interval);
        }

        if (health.ConsecutiveFailures > 0 && health.LastErrorAt is { } failed)
        {
            var waited = next - failed;
            var oldBackoff = Backoff(old, health.ConsecutiveFailures, MaxBackoff, 0);
            var newBackoff = Backoff(interval, health.ConsecutiveFailures, MaxBackoff, 0);
            return waited > oldBackoff
                ? failed + (waited > newBackoff ? waited : newBackoff)
                : failed + (waited * (newBackoff / oldBackoff));
        }

        return next;
    }

    /// <summary>
    /// A feed whose WebSub hub pushes new items is polled only as a safety net for a hub that falls silent: not before
    /// <paramref name="safetyInterval"/> from now (a later time already set, a backoff or a server's wait, still holds).
    /// </summary>
    public static FeedHealth Pushed(FeedHealth health, DateTimeOffset now, TimeSpan safetyInterval)
    {
        ArgumentNullException.ThrowIfNull(health);
        return health.NextPoll >= now + safetyInterval
            ? health
            : health with { NextPoll = now + safetyInterval, NextPollReason = $"its WebSub hub pushes new items; polled every {safetyInterval} as a safety net" };
    }

    /// <summary>Why a feed is not due before <paramref name="next"/>: for the log line of a skipped poll.</summary>
    public string WaitReason(FeedDefinition feed, FeedHealth health, DateTimeOffset next)
    {
        ArgumentNullException.ThrowIfNull(health);
        var interval = Interval(feed);
        if (health.ConsecutiveFailures > 0)
        {
            return $"backing off after {health.ConsecutiveFailures} failure{(health.ConsecutiveFailures == 1 ? "" : "s")} in a row (last: {health.LastError})";
        }

        if (health.NextPollReason is { } known && health.NextPoll == next)
        {
            return known;
        }

        return health.LastSuccess is { } succeeded && next - succeeded > interval
            ? $"the server asked to wait {next - succeeded} after the last poll (Cache-Control max-age or RSS ttl), longer than the interval {interval}"
            : $"the interval is {interval} and the last poll was at {health.LastSuccess ?? health.LastAttempt:u}";
    }

    /// <summary>
    /// interval × 2^failures, capped at <paramref name="cap"/>, then shortened by up to 20 % (<paramref name="random"/> in
    /// [0, 1)): the shared <see cref="BackoffPolicy"/> starting at two intervals.
    /// </summary>
    public static TimeSpan Backoff(TimeSpan interval, int failures, TimeSpan cap, double random) =>
        new BackoffPolicy(interval * 2, cap).Delay(failures, random);
}
