namespace NewsWatcher.Core.Digests;

/// <summary>Which outbox an item waits in: the periodic digest, or the immediate alert for urgent matches.</summary>
public enum DeliveryChannel
{
    Digest,
    Alert,
}
