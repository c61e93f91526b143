using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NewsWatcher.Configuration;
using NewsWatcher.Core.Subscribers;
using NewsWatcher.Delivery;
using NewsWatcher.Hosting;
using NewsWatcher.Scheduling;
using NewsWatcher.Tests.Infrastructure;
using Quartz;

namespace NewsWatcher.Tests.Scheduling;

/// <summary>The real Quartz scheduler, as the <c>run</c> command wires it.</summary>
public sealed class ScheduleRegistrarTests : IClassFixture<StoreFixture>, IDisposable
{
    private readonly string _config = TempDirectory.Create("sched");
    private readonly StoreFixture _store;

    public ScheduleRegistrarTests(StoreFixture store)
    {
        _store = store;
        File.WriteAllText(Path.Combine(_config, "feeds.yaml"), """
            feeds:
              - id: wire
                url: missing-wire.xml
                interval: 1h
              - id: paused
                url: missing-paused.xml
                enabled: false
            """);
        File.WriteAllText(Path.Combine(_config, "watches.yaml"), """
            watches:
              - id: ceasefire
                name: Cease-fire
                category: other
                any: [ceasefire]
            """);
        File.WriteAllText(Path.Combine(_config, "subscribers.yaml"), """
            subscribers:
              - email: kyiv@example.org
                name: Kyiv
                watches: ["*"]
                digest: daily 07:30
                timezone: Europe/Kyiv
              - email: hourly@example.org
                name: Hourly
                watches: [ceasefire]
                digest: hourly
              - email: kyiv2@example.org
                name: Also Kyiv 07:30
                watches: ["*"]
                digest: daily 7:30
                timezone: Europe/Kyiv
              - email: weekly@example.org
                name: Weekly
                watches: ["*"]
                digest: weekly friday 16:00
                timezone: Europe/Berlin
              - email: now@example.org
                name: Now
                watches: ["*"]
                digest: immediate
            """);
    }

    [Fact]
    public async Task Start_EditorConfig_OneJobPerEnabledFeedAndDigestTriggersAtLocalTimes()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = _store.NewDataDirectory(),
            ["Polling:MaxJitter"] = "01:00:00",
            // No ops listener: the default port 8080 may be taken (by another test host running at the same time, or anything else).
            ["Http:Port"] = "0",
            ["MailFolder:Directory"] = Path.Combine(_config, "outbox"),
        };
        var builder = NewsWatcherHost.CreateBuilder([], _config, EditorConfigLoader.Load(_config), scheduled: true, settings);
        using var host = builder.Build();
        var token = TestContext.Current.CancellationToken;
        await host.StartAsync(token);
        try
        {
            var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(token);

            // The hosted service starts the scheduler in the background once the application has started.
            for (var i = 0; i < 200 && scheduler.Status != SchedulerStatus.Running; i++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), token);
            }

            Assert.Equal(SchedulerStatus.Running, scheduler.Status);
            Assert.True(await scheduler.Exists(new JobKey("poll-wire", "feeds"), token));
            Assert.False(await scheduler.Exists(new JobKey("poll-paused", "feeds"), token));
            Assert.True(await scheduler.Exists(new JobKey("alerts", "digests"), token));

            var config = host.Services.GetRequiredService<EditorConfigProvider>().Current.Subscribers;
            var digestJobs = await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals("digests"), token);
            Assert.Equal(4, digestJobs.Count); // Kyiv 07:30 (two subscribers, one job), hourly, weekly, alerts; none for immediate.
            var kyivJob = await scheduler.GetJobDetail(new JobKey(ScheduleRegistrar.DigestJobName(new Route(config[0])), "digests"), token);
            Assert.Equal("kyiv@example.org\nkyiv2@example.org", kyivJob!.JobDataMap.GetString(SendDigestJob.SubscriberIdsKey));

            var weekly = await scheduler.GetTrigger(new TriggerKey(ScheduleRegistrar.DigestJobName(new Route(config[3])), "digests"), token);
            var weeklyNext = TimeZoneInfo.ConvertTime(weekly!.NextFireTimeUtc!.Value, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
            Assert.Equal((DayOfWeek.Friday, new TimeOnly(16, 0)), (weeklyNext.DayOfWeek, TimeOnly.FromDateTime(weeklyNext.DateTime)));

            var daily = await scheduler.GetTrigger(new TriggerKey(ScheduleRegistrar.DigestJobName(new Route(config[0])), "digests"), token);
            var dailyNext = TimeZoneInfo.ConvertTime(daily!.NextFireTimeUtc!.Value, TimeZoneInfo.FindSystemTimeZoneById("Europe/Kyiv"));
            Assert.Equal(new TimeOnly(7, 30), TimeOnly.FromDateTime(dailyNext.DateTime));

            var hourly = await scheduler.GetTrigger(new TriggerKey(ScheduleRegistrar.DigestJobName(new Route(config[1])), "digests"), token);
            var hourlyNext = hourly!.NextFireTimeUtc!.Value;
            Assert.Equal(0, hourlyNext.Minute);
            Assert.InRange(hourlyNext - TimeProvider.System.GetUtcNow(), TimeSpan.Zero, TimeSpan.FromHours(1));

            var poll = await scheduler.GetTrigger(new TriggerKey("poll-wire", "feeds"), token);
            Assert.InRange(poll!.NextFireTimeUtc!.Value - TimeProvider.System.GetUtcNow(), TimeSpan.FromSeconds(-5), TimeSpan.FromHours(1));
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task SyncDigests_SubscribersChoseOtherCadences_JobsFollowTheOverlayUnchangedOnesKeepTheirTrigger()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = _store.NewDataDirectory(),
            ["Storage:KeyPrefix"] = StoreFixture.UniquePrefix(),
            ["MailFolder:Directory"] = Path.Combine(_config, "outbox"),
            ["Http:Port"] = "0",
        };
        var builder = NewsWatcherHost.CreateBuilder([], _config, EditorConfigLoader.Load(_config), scheduled: true, settings);
        using var host = builder.Build();
        var token = TestContext.Current.CancellationToken;
        await host.StartAsync(token);
        try
        {
            var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(token);
            var config = host.Services.GetRequiredService<EditorConfigProvider>().Current.Subscribers;
            var weeklyKey = new TriggerKey(ScheduleRegistrar.DigestJobName(new Route(config[3])), "digests");
            var weeklyBefore = (await scheduler.GetTrigger(weeklyKey, token))!.StartTimeUtc;
            var preferences = host.Services.GetRequiredService<NewsWatcher.Subscribers.IPreferenceStore>();
            await preferences.SaveAsync("hourly@example.org", new NewsWatcher.Core.Subscribers.SubscriberPreferences { Cadence = "daily 09:00" }, token);
            await preferences.SaveAsync("now@example.org", new NewsWatcher.Core.Subscribers.SubscriberPreferences { Cadence = "hourly" }, token);
            await preferences.SaveAsync("kyiv2@example.org", new NewsWatcher.Core.Subscribers.SubscriberPreferences { PausedUntil = TimeProvider.System.GetUtcNow().AddDays(7) }, token);

            var routes = await host.Services.GetRequiredService<NewsWatcher.Subscribers.SubscriberDirectory>().ActiveRoutesAsync([.. config.SelectMany(s => s.Routes())], token);
            await ScheduleRegistrar.SyncDigestsAsync(scheduler, routes, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, token);

            var hourly = await scheduler.GetJobDetail(new JobKey(ScheduleRegistrar.DigestJobName(new Route(config[1])), "digests"), token);
            Assert.Equal("now@example.org", hourly!.JobDataMap.GetString(SendDigestJob.SubscriberIdsKey));
            var nine = await scheduler.GetJobDetail(new JobKey("digest 0 0 9 * * ? UTC", "digests"), token);
            Assert.Equal("hourly@example.org", nine!.JobDataMap.GetString(SendDigestJob.SubscriberIdsKey));
            var kyiv = await scheduler.GetJobDetail(new JobKey(ScheduleRegistrar.DigestJobName(new Route(config[0])), "digests"), token);
            // A paused outbox keeps its job: its digest holds while paused, and what it kept goes out when the pause ends.
            Assert.Equal("kyiv@example.org\nkyiv2@example.org", kyiv!.JobDataMap.GetString(SendDigestJob.SubscriberIdsKey));
            Assert.Equal(weeklyBefore, (await scheduler.GetTrigger(weeklyKey, token))!.StartTimeUtc);

            // Back to the file: the 09:00 job nobody needs any more is removed.
            await preferences.SaveAsync("hourly@example.org", new NewsWatcher.Core.Subscribers.SubscriberPreferences(), token);
            routes = await host.Services.GetRequiredService<NewsWatcher.Subscribers.SubscriberDirectory>().ActiveRoutesAsync([.. config.SelectMany(s => s.Routes())], token);
            await ScheduleRegistrar.SyncDigestsAsync(scheduler, routes, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, token);
            Assert.False(await scheduler.Exists(new JobKey("digest 0 0 9 * * ? UTC", "digests"), token));
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    public void Dispose()
    {
        TempDirectory.DeleteQuietly(_config);
    }
}
