using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Core.Parsing;
using NewsWatcher.Core.Subscribers;

namespace NewsWatcher.Core.Tests.Matching;

public sealed class MatchRouterTests
{
    private static readonly Article Article = new("a1", "wire", "Truce violated", "", "https://news.example/a1", DateTimeOffset.UnixEpoch);

    private static Subscriber Subscriber(string email, DigestCadence cadence, bool immediate, string[] watches, params string[] categories) =>
        new(email, email, email, watches, cadence, TimeZoneInfo.Utc, immediate) { Categories = categories };

    [Fact]
    public void Route_ByWatchCategoryAndCadence_EachSubscriberGetsTheRightChannelAndOnlyWhatTheyFollow()
    {
        WatchMatch[] matches =
        [
            new("violated", "Truce violated", "violation", WatchPriority.Urgent, []),
            new("talks", "Talks", "talks", WatchPriority.Normal, []),
        ];
        Subscriber[] subscribers =
        [
            Subscriber("urgent@example.org", DigestCadence.Hourly, immediate: true, ["*"]),
            Subscriber("later@example.org", DigestCadence.Hourly, immediate: false, ["*"]),
            Subscriber("category@example.org", DigestCadence.Immediate, immediate: false, [], "talks"),
            Subscriber("nobody@example.org", DigestCadence.Hourly, immediate: true, [], "exchange"),
        ];

        var queuedAt = new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
        var deliveries = MatchRouter.Route(new MatchedArticle(Article, matches), [.. subscribers.SelectMany(s => s.Routes())], queuedAt);

        Assert.Equal(
            [("urgent@example.org", OutboxKind.Alert), ("later@example.org", OutboxKind.Digest), ("category@example.org", OutboxKind.Alert)],
            deliveries.Select(d => (d.SubscriberId, d.Outbox)));
        Assert.Equal(["talks"], deliveries[2].Item.Matches.Select(m => m.WatchId));
        Assert.Equal(2, deliveries[0].Item.Matches.Count);
        Assert.All(deliveries, d => Assert.Equal(queuedAt, d.Item.QueuedAt));
    }

    [Fact]
    public void Route_WithStage_EveryDeliveryCarriesTheArticlesStageAndActor()
    {
        WatchMatch[] matches = [new("violated", "Truce violated", "violation", WatchPriority.Urgent, [])];
        Subscriber[] subscribers =
        [
            Subscriber("urgent@example.org", DigestCadence.Hourly, immediate: true, ["*"]),
            Subscriber("later@example.org", DigestCadence.Hourly, immediate: false, ["*"]),
        ];
        var stage = new NewsWatcher.Core.Matching.StageDecision("acceptance", "Hamas", null, []);

        var deliveries = MatchRouter.Route(new MatchedArticle(Article, matches) { Stage = stage }, [.. subscribers.SelectMany(s => s.Routes())], DateTimeOffset.UnixEpoch);

        Assert.Equal(2, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal(("acceptance", "Hamas"), (d.Item.Stage, d.Item.Actor)));
        Assert.All(MatchRouter.Route(new MatchedArticle(Article, matches), [.. subscribers.SelectMany(s => s.Routes())], DateTimeOffset.UnixEpoch), d => Assert.Null(d.Item.Stage));
    }
}
