using NewsWatcher.Core.Digests;

namespace NewsWatcher.Core.Routing;

/// <summary>An item to put in one subscriber's outbox on one channel.</summary>
public sealed record PendingDelivery(string SubscriberId, DeliveryChannel Channel, DigestItem Item);
