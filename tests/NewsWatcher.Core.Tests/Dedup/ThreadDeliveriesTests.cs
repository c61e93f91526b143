using NewsWatcher.Core.Configuration;
using NewsWatcher.Core.Dedup;
using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Core.Parsing;
using NewsWatcher.Core.Subscribers;

namespace NewsWatcher.Core.Tests.Dedup;

/// <summary>alerts: developments (the default) alerts new developments only; alerts: articles keeps one alert per article.</summary>
public sealed class ThreadDeliveriesTests
{
    private static readonly Article Article = new("a1", "wire", "Russia agrees to 30-day ceasefire, Kremlin says", "", "https://news.example/a1", DateTimeOffset.UnixEpoch);
    private static readonly WatchMatch[] Matches = [new("truce", "Truce", "other", WatchPriority.Urgent, [])];
    private static readonly ThreadDevelopment Accepted = new("acceptance", "Russia", DateTimeOffset.UnixEpoch, "Kremlin accepts US truce plan", "https://news.example/k", "wire", 2, []);

    [Fact]
    public void Apply_FurtherReport_DevelopmentsAlertDroppedOrMovedToTheDigest_ArticlesAlertKept_AllStamped()
    {
        var deliveries = MatchRouter.Route(new MatchedArticle(Article, Matches), [.. Subscribers().SelectMany(s => s.Routes())], DateTimeOffset.UnixEpoch);
        var decision = new ThreadDecision(null, new ThreadStamp("thread-1", "Russia–Ukraine", Accepted, [], IsNewDevelopment: false));

        var applied = ThreadDeliveries.Apply(deliveries, decision);

        Assert.Equal(
            [("articles@example.org", OutboxKind.Alert), ("urgent@example.org", OutboxKind.Digest)],
            applied.Select(d => (d.SubscriberId, d.Outbox)));
        Assert.All(applied, d => Assert.Equal("thread-1", d.Item.Thread!.Id));
    }

    [Fact]
    public void Apply_NewDevelopment_EveryAlertGoes()
    {
        var deliveries = MatchRouter.Route(new MatchedArticle(Article, Matches), [.. Subscribers().SelectMany(s => s.Routes())], DateTimeOffset.UnixEpoch);
        var decision = new ThreadDecision(null, new ThreadStamp("thread-1", "Russia–Ukraine", Accepted, [], IsNewDevelopment: true));

        var applied = ThreadDeliveries.Apply(deliveries, decision);

        Assert.Equal(
            [("developments@example.org", OutboxKind.Alert), ("articles@example.org", OutboxKind.Alert), ("urgent@example.org", OutboxKind.Alert)],
            applied.Select(d => (d.SubscriberId, d.Outbox)));
    }

    [Fact]
    public void SubscribersFile_Alerts_DefaultDevelopments_ArticlesKept_OtherValuesAnError()
    {
        var subscribers = SubscribersFile.Parse("""
            subscribers:
              - {email: a@example.org, watches: ["*"]}
              - {email: b@example.org, watches: ["*"], alerts: articles}
            """, "config/subscribers.yaml", new HashSet<string>());

        Assert.Equal([AlertMode.Developments, AlertMode.Articles], subscribers.Select(s => s.Alerts));
        var error = Assert.Single(Assert.Throws<ConfigException>(() => SubscribersFile.Parse(
            "subscribers:\n  - {email: a@example.org, watches: [\"*\"], alerts: stories}\n", "config/subscribers.yaml", new HashSet<string>())).Errors);
        Assert.Equal((2, "subscriber 'a@example.org': alerts 'stories' must be developments (one alert per new development of a truce, the default) or articles (one per article)"), (error.Line, error.Message));
    }

    private static Subscriber[] Subscribers() =>
    [
        new("developments@example.org", "developments@example.org", "D", ["*"], DigestCadence.Immediate, TimeZoneInfo.Utc, true),
        new("articles@example.org", "articles@example.org", "A", ["*"], DigestCadence.Immediate, TimeZoneInfo.Utc, true) { Alerts = AlertMode.Articles },
        new("urgent@example.org", "urgent@example.org", "U", ["*"], DigestCadence.Hourly, TimeZoneInfo.Utc, true),
    ];
}
