using NewsWatcher.Core.Delivery;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Core.Subscribers;

namespace NewsWatcher.Core.Matching;

/// <summary>Decides which subscriber outbox each match goes to.</summary>
public static class MatchRouter
{
    /// <summary>
    /// One delivery per subscriber outbox that follows at least one of the article's matched watches (by id or category),
    /// carrying only the matches it follows and the article's stage and actor (unset when it has none: the watch
    /// categories decide). Urgent matches go to the alert outbox for subscribers who want them immediately, and every
    /// match does for the immediate cadence; the rest wait for the digest, as everything does for a paused outbox.
    /// </summary>
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
