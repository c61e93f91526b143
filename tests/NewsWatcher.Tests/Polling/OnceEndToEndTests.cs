using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using NewsWatcher.Core.Configuration;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Core.Parsing;
using NewsWatcher.Outbox;
using NewsWatcher.Polling;
using NewsWatcher.Testing;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Polling;

/// <summary>The whole pipeline through the <c>once</c> command, on real servers over loopback.</summary>
public sealed class OnceEndToEndTests : IClassFixture<StoreFixture>
{
    private const string Watches = """
        watches:
          - id: ceasefire
            name: Cease-fire news
            category: agreement
            priority: normal
            any: [ceasefire, truce]
            none: [tariff, trade]
        """;

    private const string Subscribers = """
        subscribers:
          - email: editor@example.org
            name: Night Editor
            watches: ["*"]
            digest: hourly
            timezone: Europe/Kyiv
            immediate: false
        """;

    private readonly StoreFixture _store;

    public OnceEndToEndTests(StoreFixture store)
    {
        _store = store;
    }

    public static TheoryData<StoreBackend> Backends => [StoreBackend.Garnet, StoreBackend.Redis, StoreBackend.RedisCluster];

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Once_FeedWithMatches_DigestHasExactlyTheMatchingItemsAndSecondRunSendsNothing(StoreBackend backend)
    {
        await using var harness = await StartAsync(backend);
        var url = harness.Feeds.Serve("/world.xml", Rss(
            ("a1", "Russia and Ukraine agree to 30-day ceasefire, Kremlin says"),
            ("a2", "Putin rejects truce proposal for Black Sea"),
            ("a3", "Arsenal beat Chelsea in London derby"),
            ("a4", "US and China extend tariff truce by 90 days")));
        harness.WriteConfig("feeds.yaml", $"feeds:\n  - id: world\n    url: {url}\n    name: World Desk\n");

        var first = await harness.RunOnceAsync();

        Assert.Equal("ok", Assert.Single(first.Polls).Status);
        var message = Assert.Single(harness.Smtp.Messages);
        var text = message.TextBody;
        Assert.Contains("Russia and Ukraine agree to 30-day ceasefire, Kremlin says", text, StringComparison.Ordinal);
        Assert.Contains("Putin rejects truce proposal for Black Sea", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Arsenal", text, StringComparison.Ordinal);
        Assert.DoesNotContain("tariff", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("editor@example.org", message.To.Mailboxes.Select(m => m.Address));
        Assert.Contains("World Desk", message.HtmlBody, StringComparison.Ordinal);

        var second = await harness.RunOnceAsync();

        Assert.Equal("not_modified", Assert.Single(second.Polls).Status);
        Assert.Single(harness.Smtp.Messages);
        var requests = harness.Feeds.RequestsFor("/world.xml");
        Assert.Equal(2, requests.Count);
        Assert.False(requests[0].IsConditional);
        Assert.True(requests[1].IsConditional, "the second poll must be a conditional GET");
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Once_FeedChangesWithOldAndNewItems_OnlyNewItemsAreSent(StoreBackend backend)
    {
        await using var harness = await StartAsync(backend);
        var url = harness.Feeds.Serve("/world.xml", Rss(("a1", "Ceasefire declared in Gaza")));
        harness.WriteConfig("feeds.yaml", $"feeds:\n  - id: world\n    url: {url}\n");
        await harness.RunOnceAsync();
        harness.Feeds.Serve("/world.xml", Rss(("a1", "Ceasefire declared in Gaza"), ("a2", "Truce violated within hours, both sides say")));

        var report = await harness.RunOnceAsync();

        Assert.Equal(1, Assert.Single(report.Polls).NewArticles);
        Assert.Equal(2, harness.Smtp.Messages.Count);
        var latest = harness.Smtp.Messages.Last().TextBody;
        Assert.Contains("Truce violated within hours", latest, StringComparison.Ordinal);
        Assert.DoesNotContain("Ceasefire declared in Gaza", latest, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Once_SmtpRefuses_NothingIsLostAndNextRunDeliversTheSameMessage(StoreBackend backend)
    {
        await using var harness = await StartAsync(backend);
        var url = harness.Feeds.Serve("/world.xml", Rss(("a1", "Ceasefire talks resume in Istanbul"), ("a2", "Prisoner exchange agreed as truce holds")));
        harness.WriteConfig("feeds.yaml", $"feeds:\n  - id: world\n    url: {url}\n");
        harness.Smtp.Reply = TestSmtpServer.TransientFailure;

        var refused = await harness.RunOnceAsync();

        Assert.Empty(harness.Smtp.Messages);
        Assert.Contains(refused.Sends, s => s.Status == "deferred");

        harness.Smtp.Reply = global::SmtpServer.Protocol.SmtpResponse.Ok;
        var delivered = await harness.RunOnceAsync();

        var message = Assert.Single(harness.Smtp.Messages);
        Assert.Contains("Ceasefire talks resume in Istanbul", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Prisoner exchange agreed as truce holds", message.TextBody, StringComparison.Ordinal);
        Assert.Contains(delivered.Sends, s => s.Sent && s.Items == 2);

        await harness.RunOnceAsync();
        Assert.Single(harness.Smtp.Messages);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Once_FailingFeed_OtherFeedsStillDeliverAndFailureChangesNothing(StoreBackend backend)
    {
        await using var harness = await StartAsync(backend);
        var good = harness.Feeds.Serve("/good.xml", Rss(("g1", "Truce takes effect at midnight")));
        var broken = harness.Feeds.Serve("/broken.xml", Encoding.UTF8.GetBytes("<html><body>Service unavailable</body></html>"));
        var missing = new Uri(harness.Feeds.BaseAddress, "/missing.xml");
        harness.WriteConfig("feeds.yaml", $"feeds:\n  - id: good\n    url: {good}\n  - id: broken\n    url: {broken}\n  - id: missing\n    url: {missing}\n");

        var report = await harness.RunOnceAsync();

        Assert.Equal("ok", report.Polls.Single(p => p.FeedId == "good").Status);
        Assert.Equal("parse_error", report.Polls.Single(p => p.FeedId == "broken").Status);
        Assert.Equal("fetch_error", report.Polls.Single(p => p.FeedId == "missing").Status);
        Assert.Contains("404", report.Polls.Single(p => p.FeedId == "missing").Error, StringComparison.Ordinal);
        Assert.Contains("Truce takes effect at midnight", Assert.Single(harness.Smtp.Messages).TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Once_CrashAfterServerAcceptedBeforeAck_ResendsSameMessageId(StoreBackend backend)
    {
        await using var harness = await StartAsync(backend);
        var url = harness.Feeds.Serve("/world.xml", Rss(("a1", "Ceasefire monitors deployed along the front line")));
        harness.WriteConfig("feeds.yaml", $"feeds:\n  - id: world\n    url: {url}\n");
        harness.ConfigureServices = services => CrashAfterSendMailSender.Install(services);

        await harness.RunOnceAsync();
        Assert.Single(harness.Smtp.Messages);

        harness.ConfigureServices = null;
        await harness.RunOnceAsync();

        Assert.Equal(2, harness.Smtp.Messages.Count);
        Assert.Equal(harness.Smtp.Messages.First().MessageId, harness.Smtp.Messages.Last().MessageId);

        await harness.RunOnceAsync();
        Assert.Equal(2, harness.Smtp.Messages.Count);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Once_RealCorpusFeedsWithShippedWatches_DigestHoldsExactlyWhatTheWatchesMatch(StoreBackend backend)
    {
        string[] files = ["feeds/news/ch-Rss20MoscowTimes.xml", "feeds/news/fd-rss_ukrnet.xml", "feeds/news/rp-guardian.rss", "feeds/news/ch-Rss20NYTimes.xml", "feeds/news/ch-Rss20Reuters.xml"];
        var paths = files.Select(Corpus.Require).ToList();
        await using var harness = await StartAsync(backend);
        var watchesYaml = await File.ReadAllTextAsync(Path.Combine(Corpus.RepositoryRoot, "config", "watches.yaml"), TestContext.Current.CancellationToken);
        harness.WriteConfig("watches.yaml", watchesYaml);
        var feedsYaml = new StringBuilder("feeds:\n");
        var expectedTitles = new HashSet<string>(StringComparer.Ordinal);
        var watches = WatchesFile.Parse(watchesYaml, "watches.yaml");
        for (var i = 0; i < paths.Count; i++)
        {
            var bytes = await File.ReadAllBytesAsync(paths[i], TestContext.Current.CancellationToken);
            var url = harness.Feeds.Serve($"/corpus/{i}.xml", bytes);
            feedsYaml.Append(CultureInfo.InvariantCulture, $"  - id: corpus-{i}\n    url: {url}\n");
            foreach (var article in FeedParser.Parse(bytes, $"corpus-{i}", TimeProvider.System.GetUtcNow()).Articles)
            {
                if (watches.Match(article).Count > 0)
                {
                    expectedTitles.Add(article.Title);
                }
            }
        }

        harness.WriteConfig("feeds.yaml", feedsYaml.ToString());
        harness.WriteConfig("subscribers.yaml", Subscribers);

        var report = await harness.RunOnceAsync();

        Assert.All(report.Polls, p => Assert.Equal("ok", p.Status));
        Assert.NotEmpty(expectedTitles);
        var text = string.Concat(harness.Smtp.Messages.Select(m => m.TextBody));
        Assert.All(expectedTitles, title => Assert.Contains(title, text, StringComparison.Ordinal));
        var sentItems = report.Sends.Where(s => s.Sent).Sum(s => s.Items);
        Assert.Equal(expectedTitles.Count, sentItems);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Once_UrgentMatchForImmediateSubscriber_GoesOutAsAlertAndTheRestAsDigest(StoreBackend backend)
    {
        await using var harness = await StartAsync(backend);
        harness.WriteConfig("watches.yaml", Watches + """

              - id: ru-ua-accepted
                name: Russia/Ukraine accepts a truce
                category: acceptance
                priority: urgent
                any: [accepts, agrees]
                all: [[ceasefire, truce], [Russia, Ukraine, Kremlin, Putin]]
            """);
        harness.WriteConfig("subscribers.yaml", Subscribers.Replace("immediate: false", "immediate: true", StringComparison.Ordinal));
        var url = harness.Feeds.Serve("/world.xml", Rss(("u1", "Kremlin agrees to 30-day ceasefire proposed by US"), ("n1", "Sudan truce talks resume in Jeddah")));
        harness.WriteConfig("feeds.yaml", $"feeds:\n  - id: world\n    url: {url}\n");

        await harness.RunOnceAsync();

        Assert.Equal(2, harness.Smtp.Messages.Count);
        var alert = Assert.Single(harness.Smtp.Messages, m => (m.Subject ?? "").StartsWith("[NewsWatcher] Alert:", StringComparison.Ordinal));
        Assert.Contains("Kremlin agrees to 30-day ceasefire", alert.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Sudan", alert.TextBody, StringComparison.Ordinal);
        var digest = Assert.Single(harness.Smtp.Messages, m => !(m.Subject ?? "").StartsWith("[NewsWatcher] Alert:", StringComparison.Ordinal));
        Assert.Contains("Sudan truce talks resume in Jeddah", digest.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Kremlin", digest.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Once_OversizedItemBesidePlantedAlert_AlertDeliveredOversizedGivenUpAndShown()
    {
        // The scenario, scaled down: a relay that refuses messages over 96 KB with 552 (Postfix does so over
        // 10 MB), a feed whose one item has a 78 KB title, and the planted urgent alert on the wire feed beside it.
        await using var harness = await WorkerHarness.StartAsync(StoreBackend.Garnet, _store.NewDataDirectory(), maxMessageSize: 96_000);
        harness.WriteConfig("watches.yaml", """
            watches:
              - id: ru-truce
                name: Russia and a truce
                category: violation
                priority: urgent
                any: [cease-fire, ceasefire, truce]
                all: [[Kremlin, Russia]]
            """);
        harness.WriteConfig("subscribers.yaml", Subscribers.Replace("immediate: false", "immediate: true", StringComparison.Ordinal));
        var flood = harness.Feeds.Serve("/flood.xml", Rss(("f1", "Kremlin rejects US-proposed 30-day cease-fire " + string.Concat(Enumerable.Repeat("truce Russia ", 6_000)))));
        // Worded apart from the flood item, so story dedup keeps them two stories whichever feed is polled first.
        var wire = harness.Feeds.Serve("/wire.xml", Rss(("w1", "Russia shells Sumy hours after the Easter truce began, Kyiv says")));
        harness.WriteConfig("feeds.yaml", $"feeds:\n  - id: flood\n    url: {flood}\n  - id: wire\n    url: {wire}\n");
        using var host = await harness.StartHostAsync(scheduled: false);
        using var client = Http.OpsEndpointsTests.Client(host);

        var report = await host.Services.GetRequiredService<OnceRunner>().RunAsync(TestContext.Current.CancellationToken);

        Assert.All(report.Polls, p => Assert.True(p.Status == "ok" && p.NewArticles == 1, $"{p.FeedId}: {p.Status} {p.Error}"));
        var alerts = harness.Smtp.Messages.Where(m => (m.Subject ?? "").StartsWith("[NewsWatcher] Alert:", StringComparison.Ordinal)).ToList();
        Assert.Contains(alerts, m => (m.TextBody ?? "").Contains("Russia shells Sumy hours after the Easter truce began, Kyiv says", StringComparison.Ordinal));
        var pending = host.Services.GetRequiredService<IPendingStore>();
        Assert.Equal(0, await pending.CountAsync("editor@example.org", OutboxKind.Alert, TestContext.Current.CancellationToken));
        var failures = await pending.ListFailedAsync("editor@example.org", TestContext.Current.CancellationToken);
        var metrics = await Diagnostics.MetricsEndpointTests.ScrapeAsync(client);
        using var page = await client.GetAsync(new Uri("/", UriKind.Relative), TestContext.Current.CancellationToken);
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        if (alerts.Any(m => (m.TextBody ?? "").Contains("truce Russia truce Russia", StringComparison.Ordinal)))
        {
            // Cut at parse time (field caps) so it fit after all: delivered, nothing given up.
            Assert.Empty(failures);
        }
        else
        {
            // Too big even alone: given up, and only it, with the relay's reason; counted, and listed on the status page.
            var failure = Assert.Single(failures);
            Assert.Contains("552", failure.Reason, StringComparison.Ordinal);
            Assert.StartsWith("Kremlin rejects US-proposed 30-day cease-fire truce Russia", Assert.Single(failure.Titles), StringComparison.Ordinal);
            Assert.Equal(1, metrics["newswatcher_items_dropped_total{channel=\"email\",outbox=\"alert\",reason=\"rejected\"}"]);
            Assert.Contains("<h2 id=\"given-up\">Given up</h2><table>", html, StringComparison.Ordinal);
            Assert.Contains(failure.DigestId, html, StringComparison.Ordinal);
            Assert.Contains(report.Sends, s => s.Sent && s.Dropped == 1);
        }

        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    private async Task<WorkerHarness> StartAsync(StoreBackend backend)
    {
        if (backend != StoreBackend.Garnet)
        {
            StoreFixture.RequireUrl(backend);
        }

        var harness = await WorkerHarness.StartAsync(backend, _store.NewDataDirectory());
        harness.WriteConfig("watches.yaml", Watches);
        harness.WriteConfig("subscribers.yaml", Subscribers);
        return harness;
    }

    private static byte[] Rss(params (string Guid, string Title)[] items)
    {
        var xml = new StringBuilder("""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>World</title><link>https://news.example.org/</link><description>World news</description>""");
        var published = new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);
        foreach (var (guid, title) in items)
        {
            published = published.AddMinutes(7);
            xml.Append(CultureInfo.InvariantCulture, $"<item><guid>{guid}</guid><title>{System.Security.SecurityElement.Escape(title)}</title><link>https://news.example.org/{guid}</link><description>{System.Security.SecurityElement.Escape(title)} — full report.</description><pubDate>{published:R}</pubDate></item>");
        }

        return Encoding.UTF8.GetBytes(xml.Append("</channel></rss>").ToString());
    }
}
