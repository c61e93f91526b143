using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NewsWatcher.Diagnostics;
using NewsWatcher.Polling;
using NewsWatcher.Tests.Http;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Diagnostics;

/// <summary>/metrics scraped over loopback after a real once-style run: names, labels and values.</summary>
public sealed partial class MetricsEndpointTests : IClassFixture<StoreFixture>
{
    /// <summary>Two watches: a1-style headlines match "ceasefire" (agreement), a2-style ones "talks".</summary>
    private const string CeasefireAndTalksWatches = """
        watches:
          - id: ceasefire
            name: Cease-fire
            category: agreement
            any: [ceasefire]
          - id: talks
            name: Talks
            category: talks
            any: [talks, truce]
        """;

    private readonly StoreFixture _store;

    public MetricsEndpointTests(StoreFixture store)
    {
        _store = store;
    }

    [Fact]
    public async Task MatchesAndRecentMatches_WatchNoRouteFollows_StillCountedOncePerArticle()
    {
        await using var harness = await WorkerHarness.StartAsync(StoreBackend.Garnet, _store.NewDataDirectory());
        var world = harness.Feeds.Serve("/world.xml", Rss(("a1", "Russia and Ukraine agree to 30-day ceasefire"), ("a2", "Truce talks resume in Istanbul")));
        harness.WriteConfig("feeds.yaml", $"feeds:\n  - id: world\n    url: {world}\n");
        harness.WriteConfig("watches.yaml", CeasefireAndTalksWatches);
        // The one route does not follow the talks watch.
        harness.WriteConfig("subscribers.yaml", "subscribers:\n  - email: desk@example.org\n    name: Desk\n    timezone: UTC\n    watches: [ceasefire]\n    digest: hourly\n");
        using var host = await harness.StartHostAsync(scheduled: false);
        using var client = OpsEndpointsTests.Client(host);

        await host.Services.GetRequiredService<OnceRunner>().RunAsync(TestContext.Current.CancellationToken);
        var metrics = await ScrapeAsync(client);
        var recent = await host.Services.GetRequiredService<RecentMatches>().ReadAsync(TimeProvider.System.GetUtcNow(), TestContext.Current.CancellationToken);

        Assert.Equal(1, metrics["newswatcher_matches_total{category=\"talks\",stage=\"talks\",watch=\"talks\"}"]);
        Assert.Equal(1, metrics["newswatcher_matches_total{category=\"agreement\",stage=\"agreement\",watch=\"ceasefire\"}"]);
        Assert.Contains(recent.Latest, m => m.Article.Id == "a2" && m.Matches.Single().WatchId == "talks");
        Assert.Equal(1, recent.CountsLast24Hours["talks"]);
    }

    [Fact]
    public async Task Metrics_AfterOnceRun_CountPollsFetchesArticlesMatchesDigestsAndFeedHealth()
    {
        await using var harness = await WorkerHarness.StartAsync(StoreBackend.Garnet, _store.NewDataDirectory());
        var body = Rss(("a1", "Russia and Ukraine agree to 30-day ceasefire"), ("a2", "Truce talks resume in Istanbul"), ("a3", "Arsenal beat Chelsea"));
        var world = harness.Feeds.Serve("/world.xml", body);
        var missing = new Uri(harness.Feeds.BaseAddress, "/missing.xml");
        harness.WriteConfig("feeds.yaml", $"feeds:\n  - id: world\n    url: {world}\n    expectedUpdate: 6h\n  - id: missing\n    url: {missing}\n");
        harness.WriteConfig("watches.yaml", CeasefireAndTalksWatches);
        harness.WriteConfig("stages.yaml", "rules:\n  - {id: agreed, stage: agreement, query: agree NEAR/3 ceasefire}\n");
        harness.WriteConfig("subscribers.yaml", "subscribers:\n  - email: desk@example.org\n    name: Desk\n    timezone: UTC\n    watches: [\"*\"]\n    digest: hourly\n    immediate: false\n");
        using var host = await harness.StartHostAsync(scheduled: false);
        using var client = OpsEndpointsTests.Client(host);

        var report = await host.Services.GetRequiredService<OnceRunner>().RunAsync(TestContext.Current.CancellationToken);
        host.Services.GetRequiredService<NewsWatcherMetrics>().RulesReloaded(succeeded: false, TimeSpan.Zero);
        var metrics = await ScrapeAsync(client);

        Assert.Contains(report.Sends, s => s.Sent);
        Assert.All(metrics.Keys, series => Assert.StartsWith("newswatcher_", series, StringComparison.Ordinal));
        Assert.Equal(1, metrics["newswatcher_polls_total{feed=\"world\",outcome=\"ok\"}"]);
        Assert.Equal(1, metrics["newswatcher_polls_total{feed=\"missing\",outcome=\"fetch_error\"}"]);
        Assert.Equal(1, metrics["newswatcher_fetch_duration_seconds_count{feed=\"world\"}"]);
        Assert.Equal(1, metrics["newswatcher_fetch_duration_seconds_bucket{feed=\"world\",le=\"+Inf\"}"]);
        Assert.Equal(body.Length, metrics["newswatcher_fetched_bytes_total{feed=\"world\"}"]);
        Assert.Equal(3, metrics["newswatcher_articles_parsed_total{feed=\"world\"}"]);
        Assert.Equal(3, metrics["newswatcher_articles_new_total{feed=\"world\"}"]);
        // The stage is the article's (decided by stages.yaml), not the watch's category: a2 fires no cue, so "other".
        Assert.Equal(1, metrics["newswatcher_matches_total{category=\"agreement\",stage=\"agreement\",watch=\"ceasefire\"}"]);
        Assert.Equal(1, metrics["newswatcher_matches_total{category=\"talks\",stage=\"other\",watch=\"talks\"}"]);
        Assert.Equal(1, metrics["newswatcher_digests_sent_total{channel=\"email\",outbox=\"digest\"}"]);
        Assert.Equal(1, metrics["newswatcher_rules_reloads_total{result=\"failure\"}"]);
        Assert.Equal(0, metrics["newswatcher_pending_items{channel=\"email\",outbox=\"digest\",subscriber=\"desk@example.org\"}"]);
        Assert.Equal(1, metrics["newswatcher_feed_consecutive_failures{feed=\"missing\"}"]);
        Assert.Equal(0, metrics["newswatcher_feed_consecutive_failures{feed=\"world\"}"]);
        Assert.InRange(metrics["newswatcher_feed_last_success_age_seconds{feed=\"world\"}"], 0, 3600);
        Assert.DoesNotContain("newswatcher_feed_last_success_age_seconds{feed=\"missing\"}", metrics.Keys);
        Assert.Equal(0, metrics["newswatcher_feed_stale{feed=\"world\"}"]);

        // Second run: the feed answers 304 and SMTP refuses; counters move, the failure and the pending items show.
        harness.Feeds.Serve("/world.xml", Rss(("a1", "Russia and Ukraine agree to 30-day ceasefire"), ("a4", "Ceasefire violated overnight, Kyiv says")));
        harness.Smtp.Reply = TestSmtpServer.TransientFailure;
        await host.Services.GetRequiredService<OnceRunner>().RunAsync(TestContext.Current.CancellationToken);
        metrics = await ScrapeAsync(client);

        Assert.Equal(2, metrics["newswatcher_polls_total{feed=\"world\",outcome=\"ok\"}"]);
        Assert.Equal(2, metrics["newswatcher_feed_consecutive_failures{feed=\"missing\"}"]);
        Assert.Equal(4, metrics["newswatcher_articles_new_total{feed=\"world\"}"]);
        Assert.Equal(1, metrics["newswatcher_digests_failed_total{channel=\"email\",kind=\"transient\",outbox=\"digest\"}"]);
        Assert.Equal(1, metrics["newswatcher_pending_items{channel=\"email\",outbox=\"digest\",subscriber=\"desk@example.org\"}"]);
        // Measured from when the item was queued (moments ago), not from the article's own date (the day before).
        Assert.InRange(metrics["newswatcher_pending_oldest_age_seconds{subscriber=\"desk@example.org\"}"], 0, 600);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Metrics_SmtpBrokenFromTheStart_SentAndFailedSeriesExistAtZeroBeforeAnySend()
    {
        await using var harness = await WorkerHarness.StartAsync(StoreBackend.Garnet, _store.NewDataDirectory());
        var world = harness.Feeds.Serve("/world.xml", Rss(("a1", "Russia and Ukraine agree to 30-day ceasefire")));
        harness.WriteConfig("feeds.yaml", $"feeds:\n  - id: world\n    url: {world}\n");
        harness.WriteConfig("watches.yaml", "watches:\n  - id: ceasefire\n    name: Cease-fire\n    category: agreement\n    any: [ceasefire]\n");
        harness.WriteConfig("subscribers.yaml", "subscribers:\n  - email: desk@example.org\n    name: Desk\n    timezone: UTC\n    watches: [\"*\"]\n    digest: hourly\n    immediate: false\n");

        // The relay is down from the first minute: nothing will ever be sent.
        harness.Set("Smtp:Port", TestSmtpServer.UnusedPort().ToString(CultureInfo.InvariantCulture));
        using var host = await harness.StartHostAsync(scheduled: false);
        using var client = OpsEndpointsTests.Client(host);

        var before = await ScrapeAsync(client);

        // The file's subscribers are all email: that transport is seeded for both outboxes.
        foreach (var outbox in new[] { "alert", "digest" })
        {
            Assert.Equal(0, before[$"newswatcher_digests_sent_total{{channel=\"email\",outbox=\"{outbox}\"}}"]);
            foreach (var kind in new[] { "transient", "permanent", "error" })
            {
                Assert.Equal(0, before[$"newswatcher_digests_failed_total{{channel=\"email\",kind=\"{kind}\",outbox=\"{outbox}\"}}"]);
            }

            foreach (var reason in new[] { "oversized", "rejected", "refused" })
            {
                Assert.Equal(0, before[$"newswatcher_items_dropped_total{{channel=\"email\",outbox=\"{outbox}\",reason=\"{reason}\"}}"]);
            }
        }

        Assert.Equal(0, before["newswatcher_polls_total{feed=\"world\",outcome=\"ok\"}"]);
        Assert.Equal(0, before["newswatcher_polls_total{feed=\"world\",outcome=\"fetch_error\"}"]);
        Assert.Equal(0, before["newswatcher_articles_new_total{feed=\"world\"}"]);
        Assert.Equal(0, before["newswatcher_matches_total{category=\"agreement\",watch=\"ceasefire\"}"]);
        Assert.Equal(0, before["newswatcher_rules_reloads_total{result=\"failure\"}"]);

        await host.Services.GetRequiredService<OnceRunner>().RunAsync(TestContext.Current.CancellationToken);
        var after = await ScrapeAsync(client);

        // What NewsWatcherDigestsFailing compares: failures went up while sends exist and stayed at zero.
        Assert.Equal(1, after["newswatcher_digests_failed_total{channel=\"email\",kind=\"transient\",outbox=\"digest\"}"]);
        Assert.Equal(0, after["newswatcher_digests_sent_total{channel=\"email\",outbox=\"digest\"}"]);
        Assert.Equal(1, after["newswatcher_polls_total{feed=\"world\",outcome=\"ok\"}"]);
        Assert.Equal(0, after["newswatcher_status_snapshot_stale{}"]);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Parses the Prometheus text format into "name{labels}" → value.</summary>
    internal static async Task<Dictionary<string, double>> ScrapeAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative), TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var series = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var match = SampleLine().Match(line);
            if (match.Success)
            {
                series[match.Groups["series"].Value] = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
            else
            {
                Assert.True(line.Length == 0 || line.StartsWith('#'), $"not a Prometheus line: {line}");
            }
        }

        return series;
    }

    private static byte[] Rss(params (string Guid, string Title)[] items)
    {
        var xml = new StringBuilder("""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>World</title><link>https://news.example.org/</link><description>World news</description>""");
        foreach (var (guid, title) in items)
        {
            xml.Append(CultureInfo.InvariantCulture, $"<item><guid>{guid}</guid><title>{title}</title><link>https://news.example.org/{guid}</link><pubDate>Tue, 24 Nov 2026 08:00:00 GMT</pubDate></item>");
        }

        return Encoding.UTF8.GetBytes(xml.Append("</channel></rss>").ToString());
    }

    [GeneratedRegex(@"^(?<series>[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})?) (?<value>\S+)( \d+)?$")]
    private static partial Regex SampleLine();
}
