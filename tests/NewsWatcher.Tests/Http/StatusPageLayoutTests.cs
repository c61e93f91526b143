using NewsWatcher.Cli;
using NewsWatcher.Core.Delivery;
using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Core.Parsing;
using NewsWatcher.Core.Polling;
using NewsWatcher.Core.Subscribers;
using NewsWatcher.Diagnostics;
using NewsWatcher.Http.Ops;
using NewsWatcher.Scheduling;
using NewsWatcher.Tests.Infrastructure;
using NewsWatcher.Tests.Mail;

namespace NewsWatcher.Tests.Http;

/// <summary>The status page laid out by headless Chromium at phone widths: every table fits, nothing scrolls sideways.</summary>
public sealed class StatusPageLayoutTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    private readonly string _folder = TempDirectory.Create("status-layout");

    [Theory]
    [InlineData(320)]
    [InlineData(PreviewCommand.PhoneWidth)]
    public async Task Render_AtPhoneWidth_NoTableOverflows(int width)
    {
        var browser = Chromium.Find();
        if (browser is null)
        {
            Assert.Skip("Chromium is not installed (apt-get install -y chromium, or set $CHROMIUM); the layout test needs it. .ci/run installs it.");
        }

        var page = Path.Combine(_folder, $"status-{width}.html");
        await File.WriteAllTextAsync(page, PreviewCommand.Frame(StatusPage.Render(WideSnapshot(), new Dictionary<string, string>()), width, DigestChromiumTests.Measure), TestContext.Current.CancellationToken);

        var result = DigestChromiumTests.Result(await Chromium.RunAsync(browser, page, Math.Max(500, width + 20), 2400, ["--dump-dom"], TimeProvider.System, TestContext.Current.CancellationToken));

        Assert.Equal(width, result.GetProperty("width").GetInt32());
        Assert.True(result.GetProperty("scrollWidth").GetInt32() <= width, $"the status page scrolls sideways at {width} px");
        Assert.Empty(result.GetProperty("clipped").EnumerateArray().Select(e => e.GetString()));
    }

    public void Dispose() => TempDirectory.DeleteQuietly(_folder);

    /// <summary>Every table, with the long ids, addresses and errors a real deployment has.</summary>
    private static StatusSnapshot WideSnapshot()
    {
        var feed = new FeedDefinition("reuters-world-news-and-analysis", "https://feeds.example.org/world.xml", "Reuters World News and Analysis", null, true) { ExpectedUpdate = TimeSpan.FromHours(6) };
        var health = new FeedHealth
        {
            LastAttempt = Now,
            LastSuccess = Now.AddHours(-3),
            LastErrorAt = Now,
            LastError = "fetch_error: HTTP 503 Service Unavailable from https://feeds.example.org/very/long/path/to/the/world/feed.xml?format=rss&lang=en",
            ConsecutiveFailures = 12,
        };
        var subscriber = new Subscriber("night-desk-editor@newsroom.example.org", "night-desk-editor@newsroom.example.org", "Night Desk Editor", ["*"], DigestCadence.DailyAt(new TimeOnly(7, 0)), TimeZoneInfo.Utc, ImmediateUrgent: true);
        var route = new Route(subscriber, new ChannelSettings("ops-hook", WebhookChannel.Instance, 3));
        var failure = new FailedDelivery("20261125T080000Z.digest.0123456789abcdef", ["a1"], "webhook https://hooks.internal.example.org/newswatcher/receive answered 410 Gone: endpoint removed", Now.AddHours(-1)) { Titles = ["Kremlin rejects the thirty-day cease-fire proposal"] };
        var article = new Article("a1", feed.Id, "Kremlin rejects the thirty-day cease-fire proposal put forward by mediators", "Summary", "https://news.example.org/a1", Now);
        var match = new WatchMatch("ru-ua-truce-rejected", "Russia/Ukraine rejects a truce or peace plan", "rejection", WatchPriority.Urgent, [new MatchedTerm("reject*", "title", 8, 7)]);
        return new StatusSnapshot(
            Now,
            [new FeedStatus(feed, health, true, TimeSpan.FromHours(30)) { Schedule = new FeedSchedule(Now.AddHours(2), "backing off after 12 failures in a row (last: fetch_error: HTTP 503 Service Unavailable)", "fixed interval (adaptive: off); learned 48.5/day, busiest 07,12,18h UTC, 3 quiet hours", "pushed by websub-hub.publisher.example.org, lease ends 2026-12-05 10:00Z") }, new FeedStatus(feed with { Id = "never" }, new FeedHealth { LastAttempt = Now, ConsecutiveFailures = 2, LastError = "x", LastErrorAt = Now }, false, TimeSpan.Zero)],
            [new WatchStatus(match.WatchId, match.WatchName, "rejection", "urgent", 1234)],
            [new RecentMatch(Now, article, [match]) { Stage = "rejection", Actor = "Russia" }],
            [
                new PendingStatus(new Route(subscriber), 3, 120, Now.AddHours(-20)) { Failed = [failure], Preferences = new SubscriberPreferences { Cadence = "hourly", Watches = ["ru-ua-truce-rejected", "ru-ua-truce-violated"], PausedUntil = Now.AddDays(3) } },
                new PendingStatus(route, 0, 4, Now.AddHours(-2)) { Failed = [failure], LastSent = Now },
            ],
            StoreError: null)
        {
            GivenUp = [new GivenUpStatus(new Route(subscriber), failure)],
            Replicas = [new ReplicaInfo("newswatcher-7f9c8d6b5-x2k4q1764057600000", "newswatcher-7f9c8d6b5-x2k4q", Now, TimeSpan.FromSeconds(15), 3)],
            InstanceId = "newswatcher-7f9c8d6b5-x2k4q1764057600000",
        };
    }
}
