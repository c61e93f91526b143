
namespace NewsWatcher.Core.Outbox;

/// <summary>
/// A message handed to SMTP but not yet acknowledged. Kept with its exact bytes so a crash before the ack
/// resends the same message with the same Message-ID.
/// </summary>
/// <param name="ItemKeys">The pending entries this message carries; removed on ack.</param>
/// <param name="Message">The complete MIME message as sent.</param>
public sealed record SendingRecord(string DigestId, IReadOnlyList<string> ItemKeys, byte[] Message)
{
    /// <summary>Delivery attempts that failed transiently so far.</summary>
    public int Attempts { get; init; }

    /// <summary>No new attempt before this time (backoff after a transient failure); null to send at once.</summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>
    /// This message is one part: pending items were left out to keep it under Digest:MaxMessageBytes (or a refused
    /// message was halved), so the next part is composed as soon as this one is accepted.
    /// </summary>
    public bool MoreFollow { get; init; }

    /// <summary>Why the last attempt failed transiently (a refused private address, a relay that is down): the status page shows it while the items wait.</summary>
    public string? LastError { get; init; }

    /// <summary>When <see cref="LastError"/> happened.</summary>
    public DateTimeOffset? LastErrorAt { get; init; }

    /// <summary>For a channel message sent as several requests (a long Telegram digest): how many were accepted already, so a retry sends only the rest.</summary>
    public int PartsDelivered { get; init; }

    /// <summary>Each item's feed and publication time, for the alert delay measured on acceptance; empty in records from older versions.</summary>
    public IReadOnlyList<ItemOrigin> Origins { get; init; } = [];
}
