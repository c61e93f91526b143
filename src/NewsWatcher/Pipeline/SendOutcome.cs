namespace NewsWatcher.Pipeline;

/// <summary>The result of one send attempt for one subscriber and channel.</summary>
/// <param name="Status">
/// sent; nothing (no new items); quiet (alerts wait for the end of quiet hours); waiting (backing off after a transient
/// failure); deferred (transient failure: retried later); failed (permanent: recorded, items dropped); error (a bug or
/// crash: items stay pending); unsubscribed (the reader left: the outbox is emptied unsent); paused (the reader paused: items wait).
/// </param>
public sealed record SendOutcome(string SubscriberId, string Status, string? DigestId = null, int Items = 0, string? Error = null)
{
    public bool Sent => Status == "sent";
}
