using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NewsWatcher.Configuration;
using NewsWatcher.Hosting;
using NewsWatcher.Storage;
using NewsWatcher.Tests.Infrastructure;
using Quartz;
using NewsWatcher.Core.Feeds;

namespace NewsWatcher.Tests.Scheduling;

/// <summary>The feed job under the real Quartz scheduler honours the next-poll time kept in the store.</summary>
public sealed class PollFeedJobTests(StoreFixture store) : IClassFixture<StoreFixture>
{
    private static readonly JobKey PollJob = new("poll-wire", "feeds");

    [Fact]
    public async Task Execute_FeedBackedOffInTheStore_FiresButDoesNotFetch()
    {
        var token = TestContext.Current.CancellationToken;
        await using var feeds = await TestFeedServer.StartAsync();
        var url = feeds.Serve("/wire.xml", "<rss version=\"2.0\"><channel/></rss>"u8.ToArray());
        var config = TempDirectory.Create("polljob");
        try
        {
            File.WriteAllText(Path.Combine(config, "feeds.yaml"), $"feeds:\n  - id: wire\n    url: {url}\n    interval: 1h\n");
            File.WriteAllText(Path.Combine(config, "watches.yaml"), "watches:\n  - id: truce\n    name: Truce\n    category: other\n    any: [truce]\n");
            File.WriteAllText(Path.Combine(config, "subscribers.yaml"), "subscribers: []\n");
            var settings = new Dictionary<string, string?>
            {
                ["Redis:DataDirectory"] = store.NewDataDirectory(),
                ["Polling:MaxJitter"] = "00:00:00",
                // No ops listener: the default port 8080 may be taken (by another test host running at the same time, or anything else).
                ["Http:Port"] = "0",
                ["Fetch:AllowPrivateNetworks"] = "true",
                ["Outbox:Directory"] = Path.Combine(config, "outbox"),
                ["Logging:LogLevel:Default"] = "Error",
            };
            using var host = NewsWatcherHost.CreateBuilder([], config, EditorConfigLoader.Load(config), scheduled: true, settings).Build();
            // As after a restart: the store says the feed failed three times and waits until tomorrow.
            var health = new FeedHealth { ConsecutiveFailures = 3, LastError = "HTTP 503 Service Unavailable", NextPoll = TimeProvider.System.GetUtcNow().AddDays(1) };
            await host.Services.GetRequiredService<IFeedStateStore>().SaveStateAsync("wire", health, null, token);
            var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(token);
            var completions = new JobCompletions();
            scheduler.ListenerManager.AddJobListener(completions, [GroupMatcher<JobKey>.GroupEquals(PollJob.Group)]);
            await host.StartAsync(token);
            try
            {
                // The job has run to its end (store read and all) when the listener hears of it: no request may follow.
                var error = await completions.NextAsync(PollJob, token);

                Assert.Null(error);
                Assert.NotNull((await scheduler.GetTrigger(new TriggerKey("poll-wire", "feeds"), token))?.PreviousFireTimeUtc);
                Assert.Empty(feeds.RequestsFor("/wire.xml"));
                Assert.Equal(3, (await host.Services.GetRequiredService<IFeedStateStore>().GetStateAsync("wire", token)).Health.ConsecutiveFailures);
            }
            finally
            {
                await host.StopAsync(CancellationToken.None);
            }
        }
        finally
        {
            TempDirectory.DeleteQuietly(config);
        }
    }
}
