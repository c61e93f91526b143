namespace NewsWatcher.Pipeline;

/// <summary>The result of polling one feed once.</summary>
/// <param name="Status">ok, not_modified, fetch_error, parse_error, store_error.</param>
public sealed record PollOutcome(string FeedId, string Status, int Articles, int NewArticles, int Deliveries, string? Error = null)
{
    public bool Failed => Error is not null;
}
