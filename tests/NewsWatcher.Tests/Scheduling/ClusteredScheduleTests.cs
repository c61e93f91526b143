using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NewsWatcher.Configuration;
using NewsWatcher.Hosting;
using NewsWatcher.Scheduling;
using NewsWatcher.Tests.Infrastructure;
using Quartz;

namespace NewsWatcher.Tests.Scheduling;

/// <summary>The schedule in Quartz's clustered job store on a real PostgreSQL, with replicas as in-process hosts.</summary>
public sealed class ClusteredScheduleTests : IClassFixture<StoreFixture>, IAsyncDisposable
{
    private const string Subscribers = """
        subscribers:
          - email: kyiv@example.org
            name: Kyiv
            watches: ["*"]
            digest: daily 07:30
            timezone: Europe/Kyiv
        """;

    private readonly StoreFixture _store;
    private readonly string _root = TempDirectory.Create("clustered");
    private readonly string _database;
    private readonly string _prefix = PostgresDatabase.UniqueTablePrefix();
    private readonly List<IHost> _hosts = [];

    public ClusteredScheduleTests(StoreFixture store)
    {
        _store = store;
        _database = PostgresDatabase.RequireConnectionString();
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Start_ThreeReplicasAtOnceOnEmptyDatabase_TablesCreatedAndEachJobStoredOnce()
    {
        var config = WriteConfig("a", Feeds(("wire", "1h"), ("radio", "2h")));
        var logs = Enumerable.Range(0, 3).Select(_ => new CapturingLoggerProvider()).ToList();

        await Task.WhenAll(logs.Select(log => StartAsync(config, log)));
        await WaitForCheckInsAsync(3);

        Assert.Equal(2L, await PostgresDatabase.ScalarAsync<long>(_database, $"SELECT count(*) FROM {_prefix}triggers WHERE trigger_group = 'feeds'"));
        Assert.Equal(2L, await PostgresDatabase.ScalarAsync<long>(_database, $"SELECT count(*) FROM {_prefix}triggers WHERE trigger_group = 'digests'"));
        // The job that applies subscribers' own cadences is stored once too, so one replica runs each sweep.
        Assert.Equal(1L, await PostgresDatabase.ScalarAsync<long>(_database, $"SELECT count(*) FROM {_prefix}triggers WHERE trigger_group = 'schedule'"));
        Assert.Equal(3L, await PostgresDatabase.ScalarAsync<long>(_database, $"SELECT count(DISTINCT instance_name) FROM {_prefix}scheduler_state"));

        // The status page's view of the cluster: every replica, its host, a recent check-in at the configured interval.
        var replicas = await _hosts[0].Services.GetRequiredService<ClusterRegistry>().ReplicasAsync(Token);
        Assert.Equal(3, replicas.Count);
        Assert.All(replicas, r =>
        {
            Assert.Equal(Environment.MachineName, r.Host);
            Assert.Equal(NewsWatcher.Scheduling.SchedulingOptions.DefaultCheckinInterval, r.CheckinInterval);
            Assert.InRange(TimeProvider.System.GetUtcNow() - r.LastCheckin, TimeSpan.FromMinutes(-1), TimeSpan.FromMinutes(1));
            Assert.Equal(0, r.JobsRunning);
        });
        Assert.Contains(_hosts[0].Services.GetRequiredService<ClusterRegistry>().InstanceId, replicas.Select(r => r.InstanceId));

        // One replica stored the five jobs (feeds, digest, alerts, the digest-schedule sync); the two that followed under
        // the lock found them and kept them (and their fire times).
        var reconciled = logs.Select(l => Assert.Single(l.Entries, e => e.EventId.Id == 2002).Message).Order().ToList();
        Assert.Equal(
            ["Schedule reconciled with the config: 0 added, 0 rescheduled, 0 removed, 5 kept", "Schedule reconciled with the config: 0 added, 0 rescheduled, 0 removed, 5 kept", "Schedule reconciled with the config: 5 added, 0 rescheduled, 0 removed, 0 kept"],
            reconciled);
    }

    [Fact]
    public async Task Start_ChangedFeeds_AddsRemovesReschedulesAndKeepsUnchangedFireTimes()
    {
        var first = await StartAsync(WriteConfig("a", Feeds(("keep", "1h"), ("change", "1h"), ("drop", "1h"))), new CapturingLoggerProvider());
        var scheduler = await first.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(Token);
        var keptFireTime = (await scheduler.GetTrigger(new TriggerKey("poll-keep", "feeds"), Token))!.NextFireTimeUtc;
        await first.StopAsync(Token);

        var second = await StartAsync(WriteConfig("b", Feeds(("keep", "1h"), ("change", "2h"), ("new", "1h"))), new CapturingLoggerProvider());
        scheduler = await second.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(Token);

        Assert.Equal(keptFireTime, (await scheduler.GetTrigger(new TriggerKey("poll-keep", "feeds"), Token))!.NextFireTimeUtc);
        Assert.Equal(TimeSpan.FromHours(2), ((ISimpleTrigger)(await scheduler.GetTrigger(new TriggerKey("poll-change", "feeds"), Token))!).RepeatInterval);
        Assert.False(await scheduler.Exists(new JobKey("poll-drop", "feeds"), Token));
        Assert.True(await scheduler.Exists(new JobKey("poll-new", "feeds"), Token));
        Assert.Equal(3L, await PostgresDatabase.ScalarAsync<long>(_database, $"SELECT count(*) FROM {_prefix}triggers WHERE trigger_group = 'feeds'"));
    }

    [Fact]
    public async Task Start_JobsStoredUnderTheirNamesBeforeTheRoomsMoved_LoadAsTheJobsOfToday()
    {
        var config = WriteConfig("a", Feeds(("wire", "1h")));
        var first = await StartAsync(config, new CapturingLoggerProvider());
        await first.StopAsync(Token);

        // As a build from before the job types moved to Polling and Delivery stored them.
        var renamed = await PostgresDatabase.ScalarAsync<long>(
            _database,
            $"WITH moved AS (UPDATE {_prefix}job_details SET job_class_name = regexp_replace(job_class_name, '^NewsWatcher\\.(Polling|Delivery)\\.', 'NewsWatcher.Scheduling.') WHERE job_class_name ~ '^NewsWatcher\\.(Polling|Delivery)\\.' RETURNING 1) SELECT count(*) FROM moved");
        Assert.Equal(3L, renamed);

        var second = await StartAsync(config, new CapturingLoggerProvider());
        var scheduler = await second.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(Token);

        Assert.Equal(typeof(NewsWatcher.Polling.PollFeedJob), (await scheduler.GetJobDetail(new JobKey("poll-wire", "feeds"), Token))!.JobType.Type);
        Assert.Equal(typeof(NewsWatcher.Delivery.SendAlertsJob), (await scheduler.GetJobDetail(new JobKey("alerts", "digests"), Token))!.JobType.Type);
        var digest = Assert.Single(await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals("digests"), Token), k => k.Name.StartsWith("digest ", StringComparison.Ordinal));
        Assert.Equal(typeof(NewsWatcher.Delivery.SendDigestJob), (await scheduler.GetJobDetail(digest, Token))!.JobType.Type);
    }

    [Fact]
    public async Task Start_PeerRunsDifferentFeeds_WarnsNamingWhatDiffers()
    {
        await StartAsync(WriteConfig("a", Feeds(("wire", "1h"), ("radio", "1h"))), new CapturingLoggerProvider());
        await WaitForCheckInsAsync(1);
        var logs = new CapturingLoggerProvider { MinimumLevel = LogLevel.Warning };

        await StartAsync(WriteConfig("b", Feeds(("wire", "2h"), ("tv", "1h"))), logs);

        var warning = Assert.Single(logs.Entries, e => e.EventId.Id == 2005).Message;
        Assert.Contains("feeds.yaml differs (feeds only here: tv; feeds only there: radio; feeds set differently: wire)", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("subscribers.yaml", warning, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
        }

        await PostgresDatabase.DropTablesAsync(_database, _prefix);
        TempDirectory.DeleteQuietly(_root);
    }

    private static string Feeds(params (string Id, string Interval)[] feeds) =>
        "feeds:\n" + string.Concat(feeds.Select(f => $"  - id: {f.Id}\n    url: missing-{f.Id}.xml\n    interval: {f.Interval}\n"));

    private string WriteConfig(string name, string feeds)
    {
        var config = Path.Combine(_root, name);
        Directory.CreateDirectory(config);
        File.WriteAllText(Path.Combine(config, "feeds.yaml"), feeds);
        File.WriteAllText(Path.Combine(config, "watches.yaml"), "watches:\n  - id: ceasefire\n    name: Cease-fire\n    category: other\n    any: [ceasefire]\n");
        File.WriteAllText(Path.Combine(config, "subscribers.yaml"), Subscribers);
        return config;
    }

    private async Task<IHost> StartAsync(string config, CapturingLoggerProvider logs)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = _store.NewDataDirectory(),
            ["MailFolder:Directory"] = Path.Combine(_root, "outbox"),
            ["Http:Port"] = "0",
            // Far in the future: these tests look at the stored schedule, not at polls.
            ["Polling:MaxJitter"] = "01:00:00",
            ["Scheduling:Database"] = _database,
            ["Scheduling:TablePrefix"] = _prefix,
        };
        var builder = NewsWatcherHost.CreateBuilder([], config, EditorConfigLoader.Load(config), scheduled: true, settings);
        builder.Services.AddSingleton<ILoggerProvider>(logs);
        var host = builder.Build();
        lock (_hosts)
        {
            _hosts.Add(host);
        }

        await host.StartAsync(Token);
        return host;
    }

    /// <summary>Quartz starts the scheduler (and its first check-in) in the background once the host has started.</summary>
    private async Task WaitForCheckInsAsync(int replicas)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Token);
        deadline.CancelAfter(TimeSpan.FromMinutes(2));
        while (await PostgresDatabase.ScalarAsync<long>(_database, $"SELECT count(*) FROM {_prefix}scheduler_state") < replicas)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
        }
    }
}
