using Microsoft.Extensions.Logging;

namespace NewsWatcher.Fetching.WebSub;

internal static partial class Log
{
    [LoggerMessage(8000, LogLevel.Information, "Feed {FeedId}: asked hub {Hub} to {Mode}")]
    public static partial void Requested(ILogger logger, string feedId, string mode, string hub);

    [LoggerMessage(8001, LogLevel.Warning, "Feed {FeedId}: hub {Hub} refused to {Mode}: {Reason}; asked again later, and the feed is polled meanwhile")]
    public static partial void RequestFailed(ILogger logger, string feedId, string mode, string hub, string reason);

    [LoggerMessage(8002, LogLevel.Information, "Feed {FeedId}: hub {Hub} verified the subscription; lease until {LeaseEnds:u}")]
    public static partial void Subscribed(ILogger logger, string feedId, string hub, DateTimeOffset leaseEnds);

    [LoggerMessage(8003, LogLevel.Information, "Feed {FeedId}: hub {Hub} verified the unsubscription")]
    public static partial void Unsubscribed(ILogger logger, string feedId, string hub);

    [LoggerMessage(8004, LogLevel.Warning, "Feed {FeedId}: refused a verification of intent we did not ask for (mode '{Mode}', topic '{Topic}')")]
    public static partial void VerificationRefused(ILogger logger, string feedId, string mode, string topic);

    [LoggerMessage(8005, LogLevel.Warning, "Feed {FeedId}: dropped a content notification: {Reason}")]
    public static partial void NotificationDropped(ILogger logger, string feedId, string reason);

    [LoggerMessage(8006, LogLevel.Error, "Feed {FeedId}: the WebSub renewal sweep failed; it is tried again at the next sweep")]
    public static partial void SweepFailed(ILogger logger, Exception exception, string feedId);
}
