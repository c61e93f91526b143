using NewsWatcher.Core.Articles;

namespace NewsWatcher.Core.Routing;

/// <summary>A newly polled article and where its matches must go if it turns out to be new.</summary>
public sealed record ArticleDeliveries(Article Article, IReadOnlyList<PendingDelivery> Deliveries);
