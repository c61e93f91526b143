namespace NewsWatcher.Core.Subscribers;

/// <summary>A person who receives alerts and digests, as declared in subscribers.yaml.</summary>
/// <param name="Id">Stable key for the store; derived from the lower-cased email.</param>
/// <param name="Watches">Watch ids followed; a single "*" means every watch.</param>
/// <param name="TimeZone">Resolved IANA time zone for daily digests and local times in mail.</param>
/// <param name="ImmediateUrgent">Urgent matches are sent as soon as they are found, not in the digest.</param>
public sealed record Subscriber(
    string Id,
    string Email,
    string Name,
    IReadOnlyList<string> Watches,
    DigestCadence Cadence,
    TimeZoneInfo TimeZone,
    bool ImmediateUrgent,
    int Line = 0)
{
    public bool Follows(string watchId) => Watches.Contains("*") || Watches.Contains(watchId, StringComparer.Ordinal);
}
