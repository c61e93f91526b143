using Microsoft.Extensions.Logging;

namespace NewsWatcher.Scheduling;

internal static partial class Log
{
    [LoggerMessage(2000, LogLevel.Information, "Feed {FeedId} polls every {Interval}, first in {Jitter}")]
    public static partial void FeedScheduled(ILogger logger, string feedId, TimeSpan interval, TimeSpan jitter);

    [LoggerMessage(2001, LogLevel.Information, "Digest for {Subscriber}: {Cadence} ({TimeZone})")]
    public static partial void DigestScheduled(ILogger logger, string subscriber, string cadence, string timeZone);

    [LoggerMessage(2002, LogLevel.Information, "Digest schedule {Job} removed: no subscriber is due at those times any more")]
    public static partial void DigestUnscheduled(ILogger logger, string job);

    [LoggerMessage(2003, LogLevel.Warning, "Could not apply subscribers' own cadences to the digest schedule; the next sweep retries")]
    public static partial void DigestSyncFailed(ILogger logger, Exception exception);
}
