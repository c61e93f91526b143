using NewsWatcher.Core.Retries;

namespace NewsWatcher.Core.Feeds;

/// <summary>
/// When a feed is polled next: the one interval rule (the feed's own, else the default), success (the interval,
/// raised to the server's Cache-Control max-age or the RSS ttl when those ask for longer) and failure (exponential
/// backoff, capped, with a later Retry-After winning). Pure: the poller and the scheduler both ask it.
/// </summary>
public sealed class PollPolicy
{
    /// <summary>The longest Retry-After honoured; a server asking for more is polled after this anyway.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromDays(7);

    public PollPolicy(TimeSpan defaultInterval, TimeSpan maxBackoff)
    {
        DefaultInterval = defaultInterval;
        MaxBackoff = maxBackoff;
    }

    public TimeSpan DefaultInterval { get; }

    public TimeSpan MaxBackoff { get; }

    /// <summary>The feed's interval from feeds.yaml, else the default.</summary>
    public TimeSpan Interval(FeedDefinition feed)
    {
        ArgumentNullException.ThrowIfNull(feed);
        return feed.Interval ?? DefaultInterval;
    }

    /// <summary>A successful poll at <paramref name="now"/>: failures reset, next poll after the interval or longer if the server asked.</summary>
    public FeedHealth Succeeded(FeedDefinition feed, FeedHealth health, DateTimeOffset now, TimeSpan? maxAge, TimeSpan? ttl)
    {
        ArgumentNullException.ThrowIfNull(health);
        var wait = Interval(feed);
        wait = maxAge > wait ? maxAge.Value : wait;
        wait = ttl > wait ? ttl.Value : wait;
        return health with { LastSuccess = now, ConsecutiveFailures = 0, NextPoll = now + wait, Interval = Interval(feed) };
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
            next = retryAfter.Value < now + MaxRetryAfter ? retryAfter.Value : now + MaxRetryAfter;
        }

        return health with { LastError = error, LastErrorAt = now, ConsecutiveFailures = failures, NextPoll = next, Interval = Interval(feed) };
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

    /// <summary>Why a feed is not due before <paramref name="next"/>: for the log line of a skipped poll.</summary>
    public string WaitReason(FeedDefinition feed, FeedHealth health, DateTimeOffset next)
    {
        ArgumentNullException.ThrowIfNull(health);
        var interval = Interval(feed);
        if (health.ConsecutiveFailures > 0)
        {
            return $"backing off after {health.ConsecutiveFailures} failure{(health.ConsecutiveFailures == 1 ? "" : "s")} in a row (last: {health.LastError})";
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
