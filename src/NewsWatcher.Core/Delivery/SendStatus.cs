namespace NewsWatcher.Core.Delivery;

/// <summary>How one send attempt for one subscriber and outbox ended. Its label (<see cref="SendStatusLabels.ToLabel"/>) is what output shows.</summary>
public enum SendStatus
{
    /// <summary>The server (or the outbox) accepted the message(s).</summary>
    Sent,

    /// <summary>No new items.</summary>
    Nothing,

    /// <summary>Alerts wait for the end of quiet hours.</summary>
    Quiet,

    /// <summary>Backing off after a transient failure.</summary>
    Waiting,

    /// <summary>Transient failure: retried later.</summary>
    Deferred,

    /// <summary>Permanent: recorded, items dropped.</summary>
    Failed,

    /// <summary>A bug or crash: items stay pending.</summary>
    Error,

    /// <summary>Refused for size or content: sent again in halves, the next part follows at once.</summary>
    Split,

    /// <summary>The reader left: the outbox is emptied unsent.</summary>
    Unsubscribed,

    /// <summary>The reader paused: items wait.</summary>
    Paused,
}
