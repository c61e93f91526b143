namespace NewsWatcher.Pipeline;

/// <summary>The result of one send attempt for one subscriber and channel.</summary>
/// <param name="Status">
/// sent; nothing (no new items); quiet (alerts wait for the end of quiet hours); waiting (backing off after a transient
/// failure); deferred (transient failure: retried later); failed (permanent: recorded, items dropped); error (a bug or
/// crash: items stay pending); split (refused for size or content: sent again in halves, the next part follows at once);
/// unsubscribed (the reader left: the outbox is emptied unsent); paused (the reader paused: items wait).
/// </param>
/// <param name="Items">Items in the message(s): for <c>sent</c>, all items the server accepted across the parts.</param>
/// <param name="Messages">Messages the server accepted (more than one when the items were split for size).</param>
/// <param name="Dropped">Items given up for good (too large alone, refused alone, or refused with their recipient).</param>
public sealed record SendOutcome(string SubscriberId, string Status, string? DigestId = null, int Items = 0, string? Error = null, int Messages = 0, int Dropped = 0)
{
    public bool Sent => Status == "sent";

    /// <summary>Folds the outcome of a further part into what the earlier parts did.</summary>
    /// <remarks>
    /// A part that found nothing more keeps the earlier status; items given up after others were accepted leave the
    /// status <c>sent</c> (<see cref="Dropped"/> counts them); any other status is the latest news. Counts add up.
    /// </remarks>
    public static SendOutcome Combine(SendOutcome? earlier, SendOutcome next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (earlier is null)
        {
            return next;
        }

        var messages = earlier.Messages + next.Messages;
        var sentItems = (earlier.Messages > 0 ? earlier.SentItems : 0) + (next.Messages > 0 ? next.SentItems : 0);
        var latest = next.Status == "nothing" ? earlier : next;
        var status = latest.Status is "failed" or "split" && messages > 0 ? "sent" : latest.Status;
        return latest with
        {
            Status = status,
            Items = status == "sent" ? sentItems : latest.Items,
            SentItems = sentItems,
            Messages = messages,
            Dropped = earlier.Dropped + next.Dropped,
            Error = next.Error ?? earlier.Error,
        };
    }

    /// <summary>Items in the accepted messages so far (equals <see cref="Items"/> for a single accepted message).</summary>
    private int SentItems { get => _sentItems ?? (Messages > 0 ? Items : 0); init => _sentItems = value; }

    private readonly int? _sentItems;
}
