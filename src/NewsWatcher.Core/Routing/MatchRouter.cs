using NewsWatcher.Core.Articles;
using NewsWatcher.Core.Digests;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Core.Stages;
using NewsWatcher.Core.Subscribers;
using NewsWatcher.Core.Watches;

namespace NewsWatcher.Core.Routing;

/// <summary>Decides which subscriber outbox each match goes to.</summary>
public static class MatchRouter
{
    /// <summary>
    /// One delivery per subscriber that follows at least one matched watch (by id or category), carrying only the
    /// matches they follow. Urgent matches go to the alert channel for subscribers who want them immediately, and
    /// every match does for the immediate cadence; the rest wait for the digest, as everything does for a paused outbox.
    /// </summary>
    /// <param name="stage">The article's stage and actor, carried by every delivery; null leaves them unset (the watch categories decide).</param>
    public static IReadOnlyList<PendingDelivery> Route(Article article, IReadOnlyList<WatchMatch> matches, IReadOnlyList<Route> routes, DateTimeOffset queuedAt, StageDecision? stage = null) =>
        Route(new MatchedArticle(article, matches) { Stage = stage }, routes, queuedAt);

    /// <summary>One delivery per subscriber outbox that follows at least one of the article's matches (see the overload above).</summary>
    public static IReadOnlyList<PendingDelivery> Route(MatchedArticle matched, IReadOnlyList<Route> routes, DateTimeOffset queuedAt)
    {
        ArgumentNullException.ThrowIfNull(matched);
        var (article, matches, stage) = (matched.Article, matched.Matches, matched.Stage);
        if (matches.Count == 0)
        {
            return [];
        }

        var deliveries = new List<PendingDelivery>();
        // Every outbox of every subscriber: email and each channel decide alert or digest by their own settings.
        foreach (var subscriber in routes)
        {
            var followed = matches.Where(subscriber.Follows).ToList();
            if (followed.Count == 0)
            {
                continue;
            }

            // A paused outbox holds everything for the digest that ends the pause.
            var immediate = !subscriber.Held
                && (subscriber.Cadence.Kind == DigestCadenceKind.Immediate || (subscriber.ImmediateUrgent && followed.Exists(m => m.Priority == WatchPriority.Urgent)));
            var channel = immediate
                ? OutboxKind.Alert
                : OutboxKind.Digest;
            var developmentsOnly = immediate && subscriber.Alerts == AlertMode.Developments;
            deliveries.Add(new PendingDelivery(subscriber.Id, channel, new DigestItem(article, followed) { QueuedAt = queuedAt, Stage = stage?.Stage, Actor = stage?.Actor })
            {
                DevelopmentsOnly = developmentsOnly,

                // A further report of a known development still reaches a reader who has a digest, just not as an alert.
                KnownDevelopmentOutbox = developmentsOnly && subscriber.Cadence.Kind != DigestCadenceKind.Immediate ? OutboxKind.Digest : null,
            });
        }

        return deliveries;
    }
}
