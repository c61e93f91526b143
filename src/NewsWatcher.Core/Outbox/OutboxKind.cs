namespace NewsWatcher.Core.Outbox;

/// <summary>
/// Which outbox an item waits in: the periodic digest, or the immediate alert for urgent matches. Not to be confused
/// with a channel (webhook, Slack, Telegram, ntfy), which is where a route delivers.
/// </summary>
public enum OutboxKind
{
    Digest,
    Alert,
}
