using Microsoft.Extensions.Logging;

namespace NewsWatcher.Polling;

internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Information, "Feed {FeedId}: {Articles} articles, {NewArticles} new, {Deliveries} queued for subscribers in {ElapsedMs} ms")]
    public static partial void FeedPolled(ILogger logger, string feedId, int articles, int newArticles, int deliveries, long elapsedMs);

    [LoggerMessage(1040, LogLevel.Information, "Feed {FeedId} pushed by its hub: {Articles} articles, {NewArticles} new, {Deliveries} queued for subscribers in {ElapsedMs} ms")]
    public static partial void FeedPushed(ILogger logger, string feedId, int articles, int newArticles, int deliveries, long elapsedMs);

    [LoggerMessage(1041, LogLevel.Warning, "Feed {FeedId}: a notification from its hub was rejected by the parser: {Reason}; the next poll reads the feed")]
    public static partial void PushParseFailed(ILogger logger, string feedId, string reason);

    [LoggerMessage(1030, LogLevel.Information, "Feed {FeedId} not polled: next poll at {NextPoll:u}, {Reason}")]
    public static partial void PollSkipped(ILogger logger, string feedId, DateTimeOffset nextPoll, string reason);

    [LoggerMessage(1032, LogLevel.Debug, "Feed {FeedId} not due: next poll at {NextPoll:u}, {Reason}")]
    public static partial void PollNotDue(ILogger logger, string feedId, DateTimeOffset nextPoll, string reason);

    [LoggerMessage(1031, LogLevel.Information, "Feed {FeedId}: interval changed from {OldInterval} to {Interval}; next poll moved from {OldNextPoll:u} to {NextPoll:u}")]
    public static partial void NextPollMoved(ILogger logger, string feedId, TimeSpan oldInterval, TimeSpan interval, DateTimeOffset oldNextPoll, DateTimeOffset nextPoll);

    [LoggerMessage(1001, LogLevel.Debug, "Feed {FeedId}: not modified")]
    public static partial void FeedNotModified(ILogger logger, string feedId);

    [LoggerMessage(1002, LogLevel.Warning, "Feed {FeedId} ({Url}): fetch failed: {Reason}; {Failures} failures in a row, next poll at {NextPoll:u}")]
    public static partial void FetchFailed(ILogger logger, string feedId, string url, string reason, int failures, DateTimeOffset nextPoll);

    [LoggerMessage(1003, LogLevel.Warning, "Feed {FeedId} ({Url}): rejected by the parser: {Reason}; {Failures} failures in a row, next poll at {NextPoll:u}")]
    public static partial void ParseFailed(ILogger logger, string feedId, string url, string reason, int failures, DateTimeOffset nextPoll);

    [LoggerMessage(1004, LogLevel.Error, "Feed {FeedId}: the store is unavailable; nothing was marked seen, the next poll retries")]
    public static partial void StoreFailed(ILogger logger, Exception exception, string feedId);

    [LoggerMessage(1005, LogLevel.Error, "Feed {FeedId}: poll failed unexpectedly")]
    public static partial void PollCrashed(ILogger logger, Exception exception, string feedId);

    [LoggerMessage(1006, LogLevel.Warning, "Feed {FeedId} ({Url}) answered 410 Gone: it is disabled until feeds.yaml gives it another url")]
    public static partial void FeedGone(ILogger logger, string feedId, string url);

    [LoggerMessage(1007, LogLevel.Information, "Feed {FeedId} moved permanently from {Url} to {NewUrl}; polling the new address")]
    public static partial void FeedMoved(ILogger logger, string feedId, string url, string newUrl);

    [LoggerMessage(1008, LogLevel.Information, "Feed {FeedId} works again after {Failures} failures in a row")]
    public static partial void FeedRecovered(ILogger logger, string feedId, int failures);

    [LoggerMessage(1009, LogLevel.Debug, "Feed {FeedId} read after repairs: {Repairs}")]
    public static partial void FeedRepaired(ILogger logger, string feedId, string repairs);

    [LoggerMessage(1015, LogLevel.Error, "Feed {FeedId}: the store did not confirm the dedup and enqueue write; it may have been applied (its new articles are then seen and their matches queued and sent as usual) or not (the next poll records them); either way nothing is queued twice")]
    public static partial void StoreWriteUnconfirmed(ILogger logger, Exception exception, string feedId);

    [LoggerMessage(1016, LogLevel.Error, "Feed {FeedId}: the store failed after the new articles were recorded and their matches queued; only the feed's poll state was not saved, so the next poll fetches it in full and finds them seen")]
    public static partial void StoreFailedAfterRecord(ILogger logger, Exception exception, string feedId);

    [LoggerMessage(1042, LogLevel.Warning, "Could not read the feeds' rhythms for the shared polling budget; each adaptive feed keeps to its own budget until the store answers")]
    public static partial void PollBudgetUnavailable(ILogger logger, Exception exception);
}
