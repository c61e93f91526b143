using NewsWatcher.Core.Delivery;

namespace NewsWatcher.Core.Outbox;

/// <summary>An item to put in one of a subscriber's outboxes.</summary>
public sealed record PendingDelivery(string SubscriberId, OutboxKind Outbox, DigestItem Item)
{
    /// <summary>
    /// An alert for a subscriber with <c>alerts: developments</c>: it goes out only when the article is a new
    /// development of its truce thread. Otherwise it waits for <see cref="KnownDevelopmentOutbox"/>, or is dropped when that is null.
    /// </summary>
    public bool DevelopmentsOnly { get; init; }

    /// <summary>Where a <see cref="DevelopmentsOnly"/> item goes when it is a further report (the digest of a subscriber who has one); null drops it.</summary>
    public OutboxKind? KnownDevelopmentOutbox { get; init; }
}
