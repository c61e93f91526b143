using NewsWatcher.Core.Digests;

namespace NewsWatcher.Storage;

/// <summary>An item to put in one subscriber's outbox on one channel.</summary>
public sealed record PendingDelivery(string SubscriberId, DeliveryChannel Channel, DigestItem Item);

/// <summary>A newly polled article and where its matches must go if it turns out to be new.</summary>
public sealed record ArticleDeliveries(NewsWatcher.Core.Articles.Article Article, IReadOnlyList<PendingDelivery> Deliveries);
