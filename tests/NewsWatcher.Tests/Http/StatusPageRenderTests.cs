using System.Globalization;
using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Core.Parsing;
using NewsWatcher.Core.Polling;
using NewsWatcher.Core.Subscribers;
using NewsWatcher.Diagnostics;
using NewsWatcher.Http.Ops;

namespace NewsWatcher.Tests.Http;

/// <summary>The status page's HTML for hostile text and a store outage, without a browser.</summary>
public sealed class StatusPageRenderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Render_HostileFeedAndConfigText_IsEscapedAndOnlyHttpLinksAreRendered()
    {
        const string Evil = "<script>alert('x')</script>";
        var feed = new FeedDefinition("evil", "https://evil.example/", Evil, null, true);
        var health = new FeedHealth { LastAttempt = Now, LastErrorAt = Now, LastError = $"fetch_error: {Evil}", ConsecutiveFailures = 3 };
        var article = new Article("a1", "evil", $"Truce {Evil}", $"Summary {Evil}", "javascript:alert(1)", Now);
        var match = new WatchMatch("w", Evil, "agreement", WatchPriority.Normal, [new MatchedTerm("truce", "title", 0, 5)]);
        var snapshot = new StatusSnapshot(
            Now,
            [new FeedStatus(feed, health, false, TimeSpan.FromHours(3))],
            [new WatchStatus("w", Evil, "agreement", "normal", 4)],
            [new RecentMatch(Now, article, [match])],
            [],
            StoreError: null);

        var html = StatusPage.Render(snapshot, new Dictionary<string, string> { ["evil"] = Evil });

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<mark style=\"", html, StringComparison.Ordinal);
        Assert.Contains(">Truce</mark>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"failing\">failing</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_FeedSchedule_NextPollWhyRhythmAndPushInOneCell()
    {
        var feed = new FeedDefinition("wire", "https://wire.example/", "Wire", null, true);
        var schedule = new FeedSchedule(Now.AddMinutes(15), "the interval is 00:15:00 <now>", "fixed interval (adaptive: off); learned 12/day", "pushed by hub.example.org, lease ends 2026-12-05 10:00Z");
        var snapshot = new StatusSnapshot(Now, [new FeedStatus(feed, new FeedHealth { LastAttempt = Now }, false, TimeSpan.Zero) { Schedule = schedule }], [], [], [], StoreError: null);

        var html = StatusPage.Render(snapshot, new Dictionary<string, string>());

        Assert.Contains("<td>2026-11-25 09:15: the interval is 00:15:00 &lt;now&gt;<br><span class=\"muted\">fixed interval (adaptive: off); learned 12/day<br>WebSub: pushed by hub.example.org, lease ends 2026-12-05 10:00Z</span></td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_StoreUnavailable_SaysSoInsteadOfPendingCounts()
    {
        var snapshot = new StatusSnapshot(Now, [], [], [], [], "No connection is active/available to service this operation");

        var html = StatusPage.Render(snapshot, new Dictionary<string, string>());

        Assert.Contains("The store could not be read: No connection is active/available", html, StringComparison.Ordinal);
        Assert.Contains("No matches since this process started.", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_StaleSnapshot_SaysSoAndHowOldTheStoreDataIs()
    {
        var snapshot = new StatusSnapshot(Now, [], [], [], [], "no answer within 2 s") { Stale = true, StoreReadAt = Now.AddMinutes(-7) };

        var html = StatusPage.Render(snapshot, new Dictionary<string, string>());

        Assert.Contains("<p class=\"stale\" id=\"stale\">Stale: the store could not be read (no answer within 2 s)", html, StringComparison.Ordinal);
        Assert.Contains("as last read at " + Now.AddMinutes(-7).UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC (7m ago)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("The store could not be read: ", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ItemsGivenUp_ListedWithEscapedHeadlineAndReason()
    {
        var subscriber = new Subscriber("desk@example.org", "desk@example.org", "Desk", ["*"], DigestCadence.Hourly, TimeZoneInfo.Utc, ImmediateUrgent: true);
        var failure = new FailedDelivery("20261125T120000Z.alert.abc", ["a9"], "SMTP server replied 552: <too big>", Now) { Titles = ["Kremlin <b>rejects</b> truce"] };
        var snapshot = new StatusSnapshot(Now, [], [], [], [], null) { GivenUp = [new GivenUpStatus(new Route(subscriber), failure)] };

        var html = StatusPage.Render(snapshot, new Dictionary<string, string>());

        Assert.Contains("<tr data-digest=\"20261125T120000Z.alert.abc\">", html, StringComparison.Ordinal);
        Assert.Contains("Kremlin &lt;b&gt;rejects&lt;/b&gt; truce", html, StringComparison.Ordinal);
        Assert.Contains("SMTP server replied 552: &lt;too big&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<p class=\"stale\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_RefusalBeforeLaterDelivery_ShownAsPastWithTimes()
    {
        var subscriber = new Subscriber("desk@example.org", "desk@example.org", "Desk", ["*"], DigestCadence.Hourly, TimeZoneInfo.Utc, ImmediateUrgent: true);
        var webhook = new Route(subscriber, new NewsWatcher.Core.Delivery.ChannelSettings("webhook", NewsWatcher.Core.Delivery.WebhookChannel.Instance, 3));
        var early = new FailedDelivery("d1", ["a1"], "webhook answered 404", Now.AddHours(-3));
        var late = new FailedDelivery("d2", ["a2"], "webhook answered 410", Now.AddMinutes(-5));
        var snapshot = new StatusSnapshot(Now, [], [], [], [new PendingStatus(webhook, 0, 0, null) { Failed = [late, early], LastSent = Now.AddHours(-1) }], null);

        var html = StatusPage.Render(snapshot, new Dictionary<string, string>());

        // Fixed since (a later message went out): past, with when it was and when delivery resumed; the newer refusal is current.
        Assert.Contains("<div class=\"past\">2026-11-25 06:00: webhook answered 404 <span class=\"muted\">(past: delivered since, last at 2026-11-25 08:00)</span></div>", html, StringComparison.Ordinal);
        Assert.Contains("<div class=\"failing\">2026-11-25 08:55: webhook answered 410</div>", html, StringComparison.Ordinal);
        Assert.Contains("<td>webhook</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("webhook webhook", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_FeedThatNeverSucceeded_SaysSoInsteadOfASilence()
    {
        var feed = new FeedDefinition("missing", "https://news.example.org/missing.xml", "Missing", null, true);
        var health = new FeedHealth { LastAttempt = Now, LastErrorAt = Now, LastError = "HTTP 404", ConsecutiveFailures = 1 };
        var snapshot = new StatusSnapshot(Now, [new FeedStatus(feed, health, false, TimeSpan.Zero)], [], [], [], null);

        var html = StatusPage.Render(snapshot, new Dictionary<string, string>());

        Assert.Contains("<span class=\"muted\">no successful poll yet</span></td>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"muted\">no alert yet</span></td></tr>", html, StringComparison.Ordinal);
        Assert.DoesNotContain(">0m<", html, StringComparison.Ordinal);
    }
}
