using NewsWatcher.Core.Delivery;
using NewsWatcher.Core.Outbox;

namespace NewsWatcher.Outbox;

/// <summary>Each subscriber's durable outbox, per channel. Items leave only when acknowledged after SMTP accepted them.</summary>
internal interface IPendingStore
{
    Task<IReadOnlyList<DigestItem>> ListAsync(string subscriberId, OutboxKind outbox, CancellationToken cancellationToken);

    /// <summary>The message that was being sent when the process last stopped, if any.</summary>
    Task<SendingRecord?> GetSendingAsync(string subscriberId, OutboxKind outbox, CancellationToken cancellationToken);

    /// <summary>Records the message about to be sent. Items stay pending.</summary>
    Task BeginSendingAsync(string subscriberId, OutboxKind outbox, SendingRecord record, CancellationToken cancellationToken);

    /// <summary>The server accepted the message: removes its items and the sending record in one atomic step.</summary>
    /// <param name="sentAt">When it was accepted, kept as the outbox's last delivery (null keeps the earlier one).</param>
    Task AckAsync(string subscriberId, OutboxKind outbox, SendingRecord record, CancellationToken cancellationToken, DateTimeOffset? sentAt = null);

    /// <summary>When a message of this outbox (either channel) was last accepted; null when none was since this was recorded.</summary>
    Task<DateTimeOffset?> LastSentAsync(string subscriberId, CancellationToken cancellationToken);

    /// <summary>
    /// The server refused the message for good: records it with the reason, then removes its items and the sending
    /// record in one atomic step, so one bad address is not retried forever.
    /// </summary>
    /// <param name="titles">Headlines of the items, kept with the record for ops to see what was given up.</param>
    Task FailAsync(string subscriberId, OutboxKind outbox, SendingRecord record, string reason, DateTimeOffset failedAt, CancellationToken cancellationToken, IReadOnlyList<string>? titles = null);

    /// <summary>The most recent permanent failures of one subscriber, newest first.</summary>
    Task<IReadOnlyList<FailedDelivery>> ListFailedAsync(string subscriberId, CancellationToken cancellationToken);

    /// <summary>Counts pending items per channel, for status and metrics.</summary>
    Task<long> CountAsync(string subscriberId, OutboxKind outbox, CancellationToken cancellationToken);
}
