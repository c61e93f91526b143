using NewsWatcher.Core.Subscribers;

namespace NewsWatcher.Core.Tests.Subscribers;

public sealed class SubscriberPreferencesTests
{
    [Fact]
    public void Apply_ChangedFieldsPausedOrUnsubscribed_ChangedFieldsWinPausedHeldUnsubscribedGetNothing()
    {
        var now = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        var route = new Route(new Subscriber("desk@example.org", "desk@example.org", "Desk", ["*"], DigestCadence.DailyAt(new TimeOnly(7, 0)), TimeZoneInfo.Utc, ImmediateUrgent: true) { Categories = ["talks"] });

        var changed = new SubscriberPreferences { Cadence = "hourly", Watches = ["violated"] }.Apply(route, now)!;

        Assert.Equal(DigestCadence.Hourly, changed.Cadence);
        Assert.Equal(["violated"], changed.Watches);
        Assert.Empty(changed.Categories);
        Assert.Equal(route, new SubscriberPreferences { Cadence = null }.Apply(route, now));
        Assert.Equal(route with { Held = true }, new SubscriberPreferences { PausedUntil = now.AddDays(7) }.Apply(route, now));
        Assert.Equal(route, new SubscriberPreferences { PausedUntil = now.AddSeconds(-1) }.Apply(route, now));
        Assert.Null(new SubscriberPreferences { Unsubscribed = true }.Apply(route, now));
    }

    [Fact]
    public void Route_HeldOutbox_UrgentAndImmediateMatchesWaitForTheDigest()
    {
        var now = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        var route = new Route(new Subscriber("desk@example.org", "desk@example.org", "Desk", ["*"], DigestCadence.Immediate, TimeZoneInfo.Utc, ImmediateUrgent: true));
        var paused = new SubscriberPreferences { PausedUntil = now.AddDays(7) }.Apply(route, now)!;
        var article = new NewsWatcher.Core.Parsing.Article("a1", "wire", "Truce violated", "", "https://news.example.org/a1", now);
        NewsWatcher.Core.Matching.WatchMatch[] matches = [new("violated", "Truce violated", "violation", NewsWatcher.Core.Matching.WatchPriority.Urgent, [])];

        var matched = new NewsWatcher.Core.Matching.MatchedArticle(article, matches);

        var held = Assert.Single(NewsWatcher.Core.Matching.MatchRouter.Route(matched, [paused], now));
        var live = Assert.Single(NewsWatcher.Core.Matching.MatchRouter.Route(matched, [route], now));

        Assert.Equal(NewsWatcher.Core.Outbox.OutboxKind.Digest, held.Outbox);
        Assert.Equal(NewsWatcher.Core.Outbox.OutboxKind.Alert, live.Outbox);
    }
}
