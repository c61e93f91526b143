using NewsWatcher.Core.Subscribers;

namespace NewsWatcher.Core.Digests;

/// <summary>Groups pending items into a <see cref="Digest"/>: by category, newest first, with a subject naming the count and top headline.</summary>
public static class DigestComposer
{
    public static Digest Compose(string digestId, Subscriber subscriber, DeliveryChannel channel, IReadOnlyList<DigestItem> items, DateTimeOffset now) =>
        throw new NotImplementedException();
}
