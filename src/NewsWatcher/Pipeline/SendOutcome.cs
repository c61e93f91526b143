namespace NewsWatcher.Pipeline;

/// <summary>The result of one send attempt for one subscriber and channel.</summary>
/// <param name="Status">sent, nothing, deferred (transient failure: retried later), failed (permanent), error.</param>
public sealed record SendOutcome(string SubscriberId, string Status, string? DigestId = null, int Items = 0, string? Error = null)
{
    public bool Sent => Status == "sent";
}
