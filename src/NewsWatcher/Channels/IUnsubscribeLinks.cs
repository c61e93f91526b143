using NewsWatcher.Core.Subscribers;

namespace NewsWatcher.Channels;

/// <summary>The one-click unsubscribe link of a subscriber's outbox, when the public listener is configured.</summary>
public interface IUnsubscribeLinks
{
    /// <summary>The https link (Http:PublicUrl/u/TOKEN); null when no public URL is configured.</summary>
    Uri? LinkFor(Subscriber route);
}
