namespace NewsWatcher.Diagnostics;

/// <summary>What is known about one feed's recent polls.</summary>
/// <param name="LastNewArticleAt">When a poll last found an article not seen before; null when none has since the process started.</param>
public sealed record FeedHealth(
    string FeedId,
    DateTimeOffset? LastPollAt,
    DateTimeOffset? LastSuccessAt,
    DateTimeOffset? LastErrorAt,
    string? LastError,
    int ConsecutiveFailures,
    DateTimeOffset? LastNewArticleAt)
{
    public static FeedHealth Unknown(string feedId) => new(feedId, null, null, null, null, 0, null);
}
