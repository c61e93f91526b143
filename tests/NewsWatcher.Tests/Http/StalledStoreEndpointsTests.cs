using System.Net;
using Microsoft.Extensions.DependencyInjection;
using NewsWatcher.Configuration;
using NewsWatcher.Diagnostics;
using NewsWatcher.Polling;
using NewsWatcher.Tests.Diagnostics;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Http;

/// <summary>The ops endpoints while the store stalls: a real redis-server, frozen with SIGSTOP (connections open, no answers).</summary>
public sealed class StalledStoreEndpointsTests : IClassFixture<StoreFixture>
{
    private readonly StoreFixture _store;

    public StalledStoreEndpointsTests(StoreFixture store)
    {
        _store = store;
    }

    [Fact]
    public async Task MetricsAndStatusPage_StoreStalled_SixConcurrentRequestsAnswerFromStaleSnapshot()
    {
        using var redis = await RedisServerProcess.StartAsync();
        await using var harness = await WorkerHarness.StartAsync(StoreBackend.Garnet, _store.NewDataDirectory());
        harness.Set("Storage:Configuration", redis.Endpoint);
        harness.Set("Http:StatusStoreTimeout", "00:00:01");
        var world = harness.Feeds.Serve("/world.xml", "<rss version=\"2.0\"><channel><title>World</title></channel></rss>"u8.ToArray());
        harness.WriteConfig("feeds.yaml", $"feeds:\n  - id: world\n    url: {world}\n");
        harness.WriteConfig("watches.yaml", "watches:\n  - id: truce\n    name: Truce\n    category: agreement\n    any: [truce]\n");
        harness.WriteConfig("subscribers.yaml", "subscribers:\n  - email: desk@example.org\n    name: Desk\n    timezone: UTC\n    watches: [\"*\"]\n    digest: hourly\n");
        using var host = await harness.StartHostAsync(scheduled: false);
        using var client = OpsEndpointsTests.Client(host);
        await OpsEndpointsTests.WaitUntilStartedAsync(client);
        Assert.False((await host.Services.GetRequiredService<StatusSnapshotProvider>().RefreshAsync()).Stale, "the store answers before it is frozen");
        Assert.DoesNotContain("id=\"stale\"", await GetAsync(client, "/"), StringComparison.Ordinal);

        redis.Pause();
        try
        {
            // A poll while the store stalls: it fails (the store's own timeout), and the snapshot is now out of date.
            var feed = host.Services.GetRequiredService<EditorConfigProvider>().Current.Feeds.Single();
            var poll = await host.Services.GetRequiredService<FeedPoller>().PollAsync(feed, honourNextPoll: false, TestContext.Current.CancellationToken);
            host.Services.GetRequiredService<NewsWatcherMetrics>().PollCompleted(feed, poll);
            Assert.Equal("store_error", poll.Status);

            var requests = Enumerable.Range(0, 6).Select(i => GetAsync(client, i % 2 == 0 ? "/metrics" : "/")).ToList();
            var bodies = await Task.WhenAll(requests);

            Assert.All(bodies.Where((_, i) => i % 2 == 1), page =>
                Assert.Contains("<p class=\"stale\" id=\"stale\">Stale: the store could not be read (no answer within 1 s)", page, StringComparison.Ordinal));
            Assert.All(bodies.Where((_, i) => i % 2 == 0), metrics =>
                Assert.Contains("\nnewswatcher_status_snapshot_stale{} 1", metrics, StringComparison.Ordinal));

            // They answered while the store was still frozen: a scrape right now still cannot read it.
            var stillStalled = await MetricsEndpointTests.ScrapeAsync(client);
            Assert.Equal(1, stillStalled["newswatcher_status_snapshot_stale{}"]);
        }
        finally
        {
            redis.Resume();
        }

        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<string> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }
}
