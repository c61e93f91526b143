using NewsWatcher.Storage;
using NewsWatcher.Core.Feeds;

namespace NewsWatcher.Pipeline;

/// <summary>The result of polling one feed once.</summary>
/// <param name="Status">ok, not_modified, deferred, gone, disabled, fetch_error, parse_error, store_error, store_unconfirmed (the dedup write was sent but not confirmed: it may have been applied), error.</param>
public sealed record PollOutcome(string FeedId, string Status, int Articles, int NewArticles, int Deliveries, string? Error = null)
{
    public bool Failed => Error is not null;

    /// <summary>The feed's health as this poll saved it in the store; null when the poll did not get that far.</summary>
    public FeedHealth? Health { get; init; }

    /// <summary>When the feed should be polled next (interval, backoff, Retry-After, max-age, ttl); null when unknown.</summary>
    public DateTimeOffset? NextPoll => Health?.NextPoll;
}
