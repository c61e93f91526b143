namespace NewsWatcher.Core.Polling;

/// <summary>How a feed has been doing: what <see cref="PollPolicy"/> decides after each poll, kept in the store and shown by <c>newswatcher feeds</c>.</summary>
public sealed record FeedHealth
{
    public static FeedHealth Empty { get; } = new();

    public DateTimeOffset? LastSuccess { get; init; }

    public DateTimeOffset? LastAttempt { get; init; }

    /// <summary>The reason of the last failure; kept after a success so ops can still see what happened.</summary>
    public string? LastError { get; init; }

    public DateTimeOffset? LastErrorAt { get; init; }

    /// <summary>When a poll last found an article not seen before; how source silence (staleness) is measured.</summary>
    public DateTimeOffset? LastNewArticle { get; init; }

    /// <summary>Failures in a row; zero after any success. Drives the backoff.</summary>
    public int ConsecutiveFailures { get; init; }

    /// <summary>Not polled before this time (interval, backoff, Retry-After, Cache-Control or RSS ttl).</summary>
    public DateTimeOffset? NextPoll { get; init; }

    /// <summary>The feed's interval when <see cref="NextPoll"/> was set; a different interval now moves that time (<see cref="PollPolicy.NextPoll"/>).</summary>
    public TimeSpan? Interval { get; init; }

    /// <summary>
    /// The wait between polls the feed itself last asked for (RSS ttl or sy:updatePeriod): a 304 answer has no body to say
    /// it again, so it holds until a fetched body says otherwise.
    /// </summary>
    public TimeSpan? PublisherWait { get; init; }

    /// <summary>When the feed publishes, learned from its items; drives adaptive polling.</summary>
    public PublicationRhythm? Rhythm { get; init; }

    /// <summary>Why <see cref="NextPoll"/> is what it is (the interval, the learned rhythm, a server's request, a backoff), for <c>feeds</c>.</summary>
    public string? NextPollReason { get; init; }

    /// <summary>The configured URL answered 410 Gone: the feed stays off until feeds.yaml names another URL.</summary>
    public string? GoneUrl { get; init; }

    /// <summary>The configured URL that answered a permanent redirect to <see cref="MovedTo"/>.</summary>
    public string? MovedFrom { get; init; }

    /// <summary>Where the feed lives now; used instead of the configured URL while that URL stays <see cref="MovedFrom"/>.</summary>
    public string? MovedTo { get; init; }
}
