
namespace NewsWatcher.Core.Outbox;

/// <summary>A message the server refused permanently: kept for ops to inspect; its items left the outbox.</summary>
public sealed record FailedDelivery(string DigestId, IReadOnlyList<string> ItemKeys, string Reason, DateTimeOffset FailedAt)
{
    /// <summary>The headlines of the items given up, for the status page (empty in records from older versions).</summary>
    public IReadOnlyList<string> Titles { get; init; } = [];
}
