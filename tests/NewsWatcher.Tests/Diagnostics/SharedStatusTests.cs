using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NewsWatcher.Configuration;
using NewsWatcher.Diagnostics;
using NewsWatcher.Outbox;
using NewsWatcher.Polling;
using NewsWatcher.Tests.Channels;
using NewsWatcher.Tests.Http;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Diagnostics;

/// <summary>
/// One view of the cluster: two worker hosts on one store show the same recent matches, 24-hour counts and feed
/// health, whichever of them polled; a store outage keeps the last picture, marked stale; and a failed write of the
/// page's matches never fails the poll.
/// </summary>
public sealed class SharedStatusTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    private const string Headline = "Ceasefire agreed after night of talks";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(StoreBackend.Redis)]
    [InlineData(StoreBackend.RedisCluster)]
    public async Task StatusPage_TwoHostsOneStore_ThePollingHostsMatchesAndCountsShowOnBoth(StoreBackend backend)
    {
        await using var harness = await WorkerHarness.StartAsync(backend, fixture.NewDataDirectory());
        Configure(harness);
        using var hostA = await harness.StartHostAsync(scheduled: false);
        using var hostB = await harness.StartHostAsync(scheduled: false);

        // Only A polls.
        var report = await hostA.Services.GetRequiredService<OnceRunner>().RunAsync(Token);
        Assert.Contains(report.Polls, p => p.Status == "ok" && p.NewArticles == 2);

        var seenByA = await hostA.Services.GetRequiredService<StatusSnapshotProvider>().RefreshAsync();
        var seenByB = await hostB.Services.GetRequiredService<StatusSnapshotProvider>().RefreshAsync();

        Assert.False(seenByB.Stale);
        Assert.Equal([Headline], seenByB.RecentMatches.Select(m => m.Article.Title));
        Assert.Equal(seenByA.RecentMatches.Select(m => (m.At, m.Article.Id, m.Stage)), seenByB.RecentMatches.Select(m => (m.At, m.Article.Id, m.Stage)));
        Assert.Equal([("ceasefire", 1), ("talks", 0)], seenByB.Watches.Select(w => (w.Id, w.MatchesLast24Hours)));
        Assert.Equal(seenByA.Watches.Select(w => (w.Id, w.MatchesLast24Hours)), seenByB.Watches.Select(w => (w.Id, w.MatchesLast24Hours)));
        Assert.Equal("ok", Assert.Single(seenByB.Feeds).State);
        Assert.Equal(seenByA.Feeds.Single().Health, seenByB.Feeds.Single().Health);

        // B's page, served by B, which never polled.
        using var client = OpsEndpointsTests.Client(hostB);
        var page = await GetAsync(client, "/");
        Assert.Matches("""<tr data-watch="ceasefire"><td>Cease-fire.*?<td class="num">1</td>""", page);
        Assert.Contains("</mark> agreed after night of talks", page, StringComparison.Ordinal);

        await hostB.StopAsync(Token);
        await hostA.StopAsync(Token);
    }

    [Fact]
    public async Task StatusSnapshot_StoreStalledAfterAMatch_KeepsTheLastMatchesAndCountsMarkedStale()
    {
        using var redis = await RedisServerProcess.StartAsync();
        await using var harness = await WorkerHarness.StartAsync(StoreBackend.Garnet, fixture.NewDataDirectory());
        harness.Set("Storage:Configuration", redis.Endpoint);
        harness.Set("Http:StatusStoreTimeout", "00:00:01");
        Configure(harness);
        using var hostA = await harness.StartHostAsync(scheduled: false);
        using var hostB = await harness.StartHostAsync(scheduled: false);
        await hostA.Services.GetRequiredService<OnceRunner>().RunAsync(Token);
        var snapshots = hostB.Services.GetRequiredService<StatusSnapshotProvider>();
        var fresh = await snapshots.RefreshAsync();
        Assert.False(fresh.Stale);
        Assert.Equal([Headline], fresh.RecentMatches.Select(m => m.Article.Title));

        redis.Pause();
        StatusSnapshot stale;
        string page;
        try
        {
            stale = await snapshots.RefreshAsync();
            using var client = OpsEndpointsTests.Client(hostB);
            page = await GetAsync(client, "/");
        }
        finally
        {
            redis.Resume();
        }

        Assert.True(stale.Stale);
        Assert.NotNull(stale.StoreReadAt);
        Assert.Equal([Headline], stale.RecentMatches.Select(m => m.Article.Title));
        Assert.Equal([("ceasefire", 1), ("talks", 0)], stale.Watches.Select(w => (w.Id, w.MatchesLast24Hours)));
        Assert.Contains("<p class=\"stale\" id=\"stale\">Stale: the store could not be read (no answer within 1 s); feed health, watch counts, recent matches and outboxes below are as last read", page, StringComparison.Ordinal);
        Assert.Contains("</mark> agreed after night of talks", page, StringComparison.Ordinal);

        await hostB.StopAsync(Token);
        await hostA.StopAsync(Token);
    }

    [Fact]
    public async Task PollAsync_RecentMatchesWriteFails_PollSucceedsAndTheMatchIsQueued()
    {
        await using var harness = await WorkerHarness.StartAsync(StoreBackend.Garnet, fixture.NewDataDirectory());
        Configure(harness);
        var logs = new CapturingLoggerProvider { MinimumLevel = LogLevel.Warning };
        harness.ConfigureServices = services =>
        {
            services.AddSingleton<ILoggerProvider>(logs);
            services.RemoveAll<IMatchActivityStore>();
            services.AddSingleton<IMatchActivityStore, UnwritableMatchActivity>();
        };
        using var host = harness.BuildHost();
        await host.StartAsync(Token);
        var feed = host.Services.GetRequiredService<EditorConfigProvider>().Current.Feeds.Single();

        var poll = await host.Services.GetRequiredService<FeedPoller>().PollAsync(feed, Token);

        Assert.Equal("ok", poll.Status);
        Assert.Equal(1, poll.Deliveries);
        var pending = await host.Services.GetRequiredService<IPendingStore>().ListAsync(
            host.Services.GetRequiredService<EditorConfigProvider>().Current.Subscribers.Single().Id, NewsWatcher.Core.Outbox.OutboxKind.Digest, Token);
        Assert.Equal([Headline], pending.Select(i => i.Article.Title));
        Assert.Contains(logs.Entries, e => e.EventId.Id == 6003 && e.Message.Contains("feed world", StringComparison.Ordinal));
        await host.StopAsync(Token);
    }

    private static void Configure(WorkerHarness harness)
    {
        var world = harness.Feeds.Serve("/world.xml", ChannelTestSetup.Rss([("a1", Headline, ""), ("a2", "Arsenal beat Chelsea", "")]));
        harness.WriteConfig("feeds.yaml", $"feeds:\n  - id: world\n    url: {world}\n");
        harness.WriteConfig("watches.yaml", """
            watches:
              - id: ceasefire
                name: Cease-fire
                category: agreement
                any: [ceasefire]
              - id: talks
                name: Talks
                category: talks
                any: [negotiations]
            """);
        harness.WriteConfig("subscribers.yaml", "subscribers:\n  - email: desk@example.org\n    name: Desk\n    timezone: UTC\n    watches: [\"*\"]\n    digest: hourly\n    immediate: false\n");
    }

    private static async Task<string> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(Token);
    }

    /// <summary>A store that refuses the page's writes (an injected fault), and reads as empty.</summary>
    private sealed class UnwritableMatchActivity : IMatchActivityStore
    {
        public Task RecordAsync(IReadOnlyList<RecentMatch> matches, CancellationToken cancellationToken) =>
            throw new TimeoutException("injected: the store did not take the write");

        public Task<MatchActivity> ReadAsync(int count, DateTimeOffset now, CancellationToken cancellationToken) => Task.FromResult(MatchActivity.Empty);
    }
}
