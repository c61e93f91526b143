using Microsoft.Extensions.Logging;

namespace NewsWatcher.Diagnostics;

internal static partial class Log
{
    [LoggerMessage(6000, LogLevel.Warning, "Feed {FeedId} is stale: nothing new for {Silence} (expected at least every {ExpectedUpdate})")]
    public static partial void FeedStale(ILogger logger, string feedId, TimeSpan silence, TimeSpan expectedUpdate);

    [LoggerMessage(6001, LogLevel.Information, "Feed {FeedId} has new articles again")]
    public static partial void FeedFreshAgain(ILogger logger, string feedId);

    [LoggerMessage(6002, LogLevel.Warning, "The status snapshot could not read the store ({Reason}); serving the last one, marked stale")]
    public static partial void SnapshotStoreFailed(ILogger logger, string reason, Exception exception);

    [LoggerMessage(6003, LogLevel.Warning, "The {Count} new matches of feed {FeedId} could not be added to the status page's recent matches and counts; they are queued for delivery all the same")]
    public static partial void RecentMatchesNotRecorded(ILogger logger, Exception exception, string feedId, int count);

    [LoggerMessage(6050, LogLevel.Warning, "The status snapshot could not read the replicas from the scheduler database")]
    public static partial void SnapshotClusterFailed(ILogger logger, Exception exception);
}
