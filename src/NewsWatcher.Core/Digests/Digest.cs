using NewsWatcher.Core.Subscribers;

namespace NewsWatcher.Core.Digests;

/// <summary>One email's worth of items for one subscriber, grouped by category, ready to render.</summary>
/// <param name="Id">Unique digest id; also the local part of the Message-ID.</param>
public sealed record Digest(
    string Id,
    Subscriber Subscriber,
    DeliveryChannel Channel,
    string Subject,
    IReadOnlyList<DigestSection> Sections,
    DateTimeOffset CreatedAt)
{
    public int ItemCount => Sections.Sum(s => s.Items.Count);
}

/// <summary>The items of one category, newest first.</summary>
public sealed record DigestSection(string Category, IReadOnlyList<DigestItem> Items);
