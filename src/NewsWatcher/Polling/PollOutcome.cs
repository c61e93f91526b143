using NewsWatcher.Core.Polling;

namespace NewsWatcher.Polling;

/// <summary>The result of polling one feed once.</summary>
internal sealed record PollOutcome(string FeedId, PollStatus Kind, int Articles, int NewArticles, int Deliveries, string? Error = null)
{
    /// <summary>The label of <see cref="Kind"/>, as metrics and output show it (ok, not_modified, fetch_error …).</summary>
    public string Status => Kind.ToLabel();

    public bool Failed => Error is not null;

    /// <summary>The feed's health as this poll saved it in the store; null when the poll did not get that far.</summary>
    public FeedHealth? Health { get; init; }

    /// <summary>When the feed should be polled next (interval, backoff, Retry-After, max-age, ttl); null when unknown.</summary>
    public DateTimeOffset? NextPoll => Health?.NextPoll;
}
