using Microsoft.Extensions.Logging;
using NewsWatcher.Core.Outbox;

namespace NewsWatcher.Delivery;

internal static partial class Log
{
    [LoggerMessage(1100, LogLevel.Information, "Sent {Outbox} {DigestId} with {Items} items to {Subscriber}")]
    public static partial void DigestSent(ILogger logger, string subscriber, string digestId, int items, OutboxKind outbox);

    [LoggerMessage(1106, LogLevel.Error, "Gave up item {ItemKey} (feed {FeedId}) for {Subscriber}: it cannot be sent even alone ({DigestId}): {Reason}; the other items are unaffected")]
    public static partial void ItemGivenUp(ILogger logger, string subscriber, string feedId, string itemKey, string digestId, string reason);

    [LoggerMessage(1101, LogLevel.Warning, "Resending {DigestId} to {Subscriber} (after {Attempts} failed attempts): it was not acknowledged yet")]
    public static partial void ResumingSend(ILogger logger, string subscriber, string digestId, int attempts);

    [LoggerMessage(1104, LogLevel.Error, "Sending to {Subscriber} failed unexpectedly; its items stay pending")]
    public static partial void SendCrashed(ILogger logger, Exception exception, string subscriber);

    [LoggerMessage(1102, LogLevel.Warning, "Sending {DigestId} to {Subscriber} failed transiently (attempt {Attempts}); its items stay pending, next attempt in {Delay}")]
    public static partial void SendFailed(ILogger logger, Exception exception, string subscriber, string digestId, int attempts, TimeSpan delay);

    [LoggerMessage(1105, LogLevel.Error, "The server refused {DigestId} for {Subscriber} permanently; recorded as failed, its {Items} items dropped")]
    public static partial void SendRefused(ILogger logger, Exception exception, string subscriber, string digestId, int items);

    [LoggerMessage(1107, LogLevel.Warning, "The server refused {DigestId} ({Items} items) for {Subscriber} for its size or content; sending it in parts, next {PartId} with {PartItems} items")]
    public static partial void SplittingRefused(ILogger logger, Exception exception, string subscriber, string digestId, int items, string partId, int partItems);

    [LoggerMessage(1103, LogLevel.Error, "Outbox of {Subscriber}: the store is unavailable; nothing was sent or removed")]
    public static partial void StoreUnavailable(ILogger logger, Exception exception, string subscriber);

    [LoggerMessage(2011, LogLevel.Debug, "An urgent match is waiting: the alert job runs now")]
    public static partial void UrgentAlertFired(ILogger logger);

    [LoggerMessage(2012, LogLevel.Warning, "Could not run the alert job at once for an urgent match; the next sweep sends it")]
    public static partial void UrgentAlertNotFired(ILogger logger, Exception exception);

    [LoggerMessage(1108, LogLevel.Information, "The pause of {Subscriber} ended: {Items} items held meanwhile sent as one digest")]
    public static partial void PauseEnded(ILogger logger, string subscriber, int items);
}
