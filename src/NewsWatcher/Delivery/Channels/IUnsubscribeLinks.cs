using NewsWatcher.Core.Dedup;
using NewsWatcher.Core.Delivery;
using NewsWatcher.Core.Subscribers;

namespace NewsWatcher.Delivery.Channels;

/// <summary>The one-click unsubscribe link of a subscriber's outbox, and story links, when the public listener is configured.</summary>
internal interface IUnsubscribeLinks
{
    /// <summary>The https link (Http:PublicUrl/u/TOKEN); null when no public URL is configured.</summary>
    Uri? LinkFor(Route route);

    /// <summary>The signed link to a truce thread's read-only page up to the stamp's development (Http:PublicUrl/s/TOKEN); null when none can be made.</summary>
    Uri? StoryLinkFor(ThreadStamp stamp) => null;
}

/// <summary>Puts story links on the items of a message about to be composed.</summary>
internal static class StoryLinkStamping
{
    /// <summary>The items, each with its thread's story link where one can be made (the stored items are not changed).</summary>
    public static IReadOnlyList<DigestItem> WithStoryLinks(this IUnsubscribeLinks? links, IReadOnlyList<DigestItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return links is null || items.All(i => i.Thread is null)
            ? items
            : [.. items.Select(i => i.Thread is { } stamp && links.StoryLinkFor(stamp) is { } url ? i with { Thread = stamp with { Url = url.AbsoluteUri } } : i)];
    }
}
