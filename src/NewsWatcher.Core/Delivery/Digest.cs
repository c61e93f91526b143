using NewsWatcher.Core.Outbox;
using NewsWatcher.Core.Subscribers;

namespace NewsWatcher.Core.Delivery;

/// <summary>One email's worth of items for one subscriber, grouped by category, ready to render.</summary>
/// <param name="Id">Unique digest id; also the local part of the Message-ID.</param>
public sealed record Digest(
    string Id,
    Route Route,
    OutboxKind Outbox,
    string Subject,
    IReadOnlyList<DigestSection> Sections,
    DateTimeOffset CreatedAt)
{
    /// <summary>Stories listed in the message.</summary>
    public int ItemCount => Sections.Sum(s => s.Items.Count);

    /// <summary>Stories beyond the subscriber's cap, per category in the digest's order; summarised with a count only.</summary>
    public IReadOnlyList<DigestOmission> Omitted { get; init; } = [];

    public int OmittedCount => Omitted.Sum(o => o.Count);
}

/// <summary>The items of one category, newest first.</summary>
public sealed record DigestSection(string Category, IReadOnlyList<DigestItem> Items)
{
    /// <summary>In a digest, the truce thread these items belong to (its stages are sections in a row); null for items in none and in alerts.</summary>
    public DigestThread? Thread { get; init; }
}

/// <summary>A truce thread's heading in a digest: where it stands now and what developed since the previous digest.</summary>
/// <param name="Now">The newest development in this digest, "Violated — Russia".</param>
/// <param name="Since">The thread's new developments in this digest, oldest first ("Accepted — Russia, 13 Mar").</param>
/// <param name="IsFirst">True on the thread's first section, where its heading is shown.</param>
public sealed record DigestThread(string Id, string Name, string Now, IReadOnlyList<string> Since, bool IsFirst);

/// <summary>How many stories of a category were left out of a capped digest.</summary>
public sealed record DigestOmission(string Category, int Count);
