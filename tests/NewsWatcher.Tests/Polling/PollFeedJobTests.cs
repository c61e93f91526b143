using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using NewsWatcher.Configuration;
using NewsWatcher.Core.Polling;
using NewsWatcher.Hosting;
using NewsWatcher.Polling;
using NewsWatcher.Tests.Infrastructure;
using Quartz;

namespace NewsWatcher.Tests.Polling;

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
                ["Storage:DataDirectory"] = store.NewDataDirectory(),
                ["Polling:MaxJitter"] = "00:00:00",
                // No ops listener: the default port 8080 may be taken (by another test host running at the same time, or anything else).
                ["Http:Port"] = "0",
                ["Fetch:AllowPrivateNetworks"] = "true",
                ["MailFolder:Directory"] = Path.Combine(config, "outbox"),
                ["Logging:LogLevel:Default"] = "Error",
                ["Logging:LogLevel:NewsWatcher.Polling"] = "Information",
            };
            var logs = new CapturingLoggerProvider();
            var builder = NewsWatcherHost.CreateBuilder([], config, EditorConfigLoader.Load(config), scheduled: true, settings);
            builder.Logging.AddProvider(logs);
            using var host = builder.Build();
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
                Assert.Contains(logs.Entries, e => e.Message.StartsWith("Feed wire not polled: next poll at ", StringComparison.Ordinal)
                    && e.Message.EndsWith(", backing off after 3 failures in a row (last: HTTP 503 Service Unavailable)", StringComparison.Ordinal));
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

    [Fact]
    public async Task Execute_IntervalShortenedSinceTheLastPoll_PollsOnTheNewIntervalAtOnce()
    {
        var token = TestContext.Current.CancellationToken;
        await using var feeds = await TestFeedServer.StartAsync();
        var url = feeds.Serve("/wire.xml", "<rss version=\"2.0\"><channel/></rss>"u8.ToArray());
        var config = TempDirectory.Create("polljob-interval");
        try
        {
            File.WriteAllText(Path.Combine(config, "watches.yaml"), "watches:\n  - id: truce\n    name: Truce\n    category: other\n    any: [truce]\n");
            File.WriteAllText(Path.Combine(config, "subscribers.yaml"), "subscribers: []\n");
            var settings = new Dictionary<string, string?>
            {
                ["Storage:DataDirectory"] = store.NewDataDirectory(),
                ["Polling:MaxJitter"] = "00:00:00",
                ["Http:Port"] = "0",
                ["Fetch:AllowPrivateNetworks"] = "true",
                ["MailFolder:Directory"] = Path.Combine(config, "outbox"),
                ["Logging:LogLevel:Default"] = "Error",
                ["Logging:LogLevel:NewsWatcher.Polling"] = "Information",
            };

            // Two minutes ago, on a 15-minute interval: the store says the next poll is 13 minutes from now.
            File.WriteAllText(Path.Combine(config, "feeds.yaml"), $"feeds:\n  - id: wire\n    url: {url}\n    interval: 15m\n");
            var before = NewsWatcherHost.CreateBuilder([], config, EditorConfigLoader.Load(config), scheduled: false, settings);
            before.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(TimeProvider.System.GetUtcNow().AddMinutes(-2)));
            var first = before.Build();
            try
            {
                var polled = await first.Services.GetRequiredService<FeedPoller>().PollAsync(first.Services.GetRequiredService<EditorConfigProvider>().Current.Feeds[0], token);
                Assert.Equal(PollStatus.Ok, polled.Kind);
            }
            finally
            {
                await ((IAsyncDisposable)first).DisposeAsync();
            }

            // Restarted with one minute: the feed is overdue on the new interval and is polled when its trigger first fires.
            File.WriteAllText(Path.Combine(config, "feeds.yaml"), $"feeds:\n  - id: wire\n    url: {url}\n    interval: 1m\n");
            var logs = new CapturingLoggerProvider();
            var builder = NewsWatcherHost.CreateBuilder([], config, EditorConfigLoader.Load(config), scheduled: true, settings);
            builder.Logging.AddProvider(logs);
            using var host = builder.Build();
            var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(token);
            var completions = new JobCompletions();
            scheduler.ListenerManager.AddJobListener(completions, [GroupMatcher<JobKey>.GroupEquals(PollJob.Group)]);
            await host.StartAsync(token);
            try
            {
                Assert.Null(await completions.NextAsync(PollJob, token));

                Assert.Equal(2, feeds.RequestsFor("/wire.xml").Count);
                Assert.Contains(logs.Entries, e => e.Message.StartsWith("Feed wire: interval changed from 00:15:00 to 00:01:00; next poll moved from ", StringComparison.Ordinal));
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

    [Fact]
    public async Task Execute_AdaptiveFeedBusyAtThisHour_TriggerMovesToTheLearnedNextPoll()
    {
        var token = TestContext.Current.CancellationToken;
        await using var feeds = await TestFeedServer.StartAsync();
        var url = feeds.Serve("/busy.xml", "<rss version=\"2.0\"><channel/></rss>"u8.ToArray());
        var config = TempDirectory.Create("polljob-adaptive");
        try
        {
            File.WriteAllText(Path.Combine(config, "feeds.yaml"), $"feeds:\n  - id: busy\n    url: {url}\n    interval: 1h\n    min_interval: 2m\n    adaptive: true\n");
            File.WriteAllText(Path.Combine(config, "watches.yaml"), "watches:\n  - id: truce\n    name: Truce\n    category: other\n    any: [truce]\n");
            File.WriteAllText(Path.Combine(config, "subscribers.yaml"), "subscribers: []\n");
            var settings = new Dictionary<string, string?>
            {
                ["Storage:DataDirectory"] = store.NewDataDirectory(),
                ["Polling:MaxJitter"] = "00:00:00",
                ["Http:Port"] = "0",
                ["Fetch:AllowPrivateNetworks"] = "true",
                ["MailFolder:Directory"] = Path.Combine(config, "outbox"),
                ["Logging:LogLevel:Default"] = "Error",
            };
            using var host = NewsWatcherHost.CreateBuilder([], config, EditorConfigLoader.Load(config), scheduled: true, settings).Build();
            // Learned over three days: busy from an hour before this time of day to an hour after, quiet otherwise; due now.
            var now = TimeProvider.System.GetUtcNow();
            var busy = from day in Enumerable.Range(1, 3) from minutes in Enumerable.Range(-6, 13) select now.AddDays(-day).AddMinutes(10 * minutes);
            var rhythm = PublicationRhythm.Empty.Observe(busy, now.AddMinutes(-1));
            await host.Services.GetRequiredService<IFeedStateStore>().SaveStateAsync("busy", new FeedHealth { Rhythm = rhythm, LastSuccess = now.AddMinutes(-5), NextPoll = now.AddMinutes(-1) }, null, token);
            var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(token);
            var completions = new JobCompletions();
            scheduler.ListenerManager.AddJobListener(completions, [GroupMatcher<JobKey>.GroupEquals("feeds")]);
            await host.StartAsync(token);
            try
            {
                Assert.Null(await completions.NextAsync(new JobKey("poll-busy", "feeds"), token));

                var health = (await host.Services.GetRequiredService<IFeedStateStore>().GetStateAsync("busy", token)).Health;
                Assert.StartsWith("adaptive: ", health.NextPollReason, StringComparison.Ordinal);
                Assert.InRange(health.NextPoll!.Value - health.LastSuccess!.Value, TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(30));
                var trigger = await scheduler.GetTrigger(new TriggerKey("poll-busy", "feeds"), token);
                Assert.Equal(health.NextPoll.Value.ToUnixTimeSeconds(), trigger!.NextFireTimeUtc!.Value.ToUnixTimeSeconds());
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
