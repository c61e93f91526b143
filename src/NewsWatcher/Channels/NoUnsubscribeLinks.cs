using NewsWatcher.Core.Subscribers;

namespace NewsWatcher.Channels;

/// <summary>No public listener: messages carry no unsubscribe link besides the mailto.</summary>
public sealed class NoUnsubscribeLinks : IUnsubscribeLinks
{
    public Uri? LinkFor(Subscriber route) => null;
}
