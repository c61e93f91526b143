using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsWatcher.Configuration;
using NewsWatcher.Core.Cluster;
using NewsWatcher.Core.Polling;
using NewsWatcher.Core.Subscribers;
using NewsWatcher.Delivery;
using NewsWatcher.Polling;
using Quartz;
using PollingOptions = NewsWatcher.Polling.PollingOptions;

namespace NewsWatcher.Scheduling;

/// <summary>
/// Reconciles the Quartz schedule with the editor configuration: one job per enabled feed, one per group of digests
/// due at the same instants, one for alerts. With a clustered (PostgreSQL) schedule the stored jobs are the cluster's:
/// a job already stored with the same schedule is kept as it is (its next fire time too), a changed one is rescheduled,
/// a missing one added and one no longer configured deleted, under a database lock so replicas starting together do
/// not race; then this replica compares its config with the other replicas' and warns about any difference.
/// </summary>
internal sealed class ScheduleRegistrar : IHostedService
{
    private static readonly ScheduleJobOptions Replace = new() { Replace = true };
    private static readonly string[] Groups = ["feeds", "digests", "schedule"];

    private readonly ISchedulerFactory _schedulerFactory;
    private readonly EditorConfigProvider _config;
    private readonly PollingOptions _options;
    private readonly PollPolicy _policy;
    private readonly TimeProvider _time;
    private readonly ILogger<ScheduleRegistrar> _logger;
    private readonly SchedulerDatabase? _database;
    private readonly ClusterRegistry? _registry;
    private string? _instanceId;

    public ScheduleRegistrar(ISchedulerFactory schedulerFactory, EditorConfigProvider config, IOptions<PollingOptions> options, TimeProvider time, ILogger<ScheduleRegistrar> logger, SchedulerDatabase? database = null, ClusterRegistry? registry = null)
    {
        _schedulerFactory = schedulerFactory;
        _config = config;
        _options = options.Value;
        _policy = _options.CreatePollPolicy();
        _time = time;
        _logger = logger;
        _database = database;
        _registry = registry;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await _schedulerFactory.GetScheduler(cancellationToken).ConfigureAwait(false);
        if (_database is null || _registry is null)
        {
            await ReconcileAsync(scheduler, cancellationToken).ConfigureAwait(false);
            return;
        }

        _instanceId = scheduler.SchedulerInstanceId;
        _registry.InstanceId = _instanceId;
        await using (await _database.LockAsync(cancellationToken).ConfigureAwait(false))
        {
            await ReconcileAsync(scheduler, cancellationToken).ConfigureAwait(false);
            await CompareConfigAsync(_instanceId, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_registry is not null && _instanceId is not null)
        {
            try
            {
                await _registry.RemoveAsync(_instanceId, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or OperationCanceledException or TimeoutException)
            {
                // A row left behind is pruned by the next replica that starts; stopping must not fail for it.
                Log.ReplicaRowNotRemoved(_logger, ex, _instanceId);
            }
        }
    }

    /// <summary>Publishes this replica's config fingerprint and warns about each live replica whose config differs.</summary>
    private async Task CompareConfigAsync(string instanceId, CancellationToken cancellationToken)
    {
        try
        {
            await _registry!.EnsureTableAsync(cancellationToken).ConfigureAwait(false);
            var config = _config.Current;
            var fingerprint = ConfigFingerprint.Create(config.Feeds, config.Subscribers);
            var now = _time.GetUtcNow();
            await _registry.PublishAsync(instanceId, Environment.MachineName, now, fingerprint, cancellationToken).ConfigureAwait(false);
            var peers = await _registry.PeersAsync(instanceId, now, cancellationToken).ConfigureAwait(false);
            Log.JoinedCluster(_logger, instanceId, _database!.Options.ClusterName, peers.Count);
            foreach (var (peer, host, theirs) in peers)
            {
                foreach (var difference in fingerprint.DifferencesFrom(theirs))
                {
                    Log.ConfigDiffers(_logger, instanceId, peer, host, difference);
                }
            }
        }
        catch (Npgsql.NpgsqlException ex)
        {
            // The schedule is in place; only the comparison is lost, so the replica keeps running.
            Log.ConfigNotCompared(_logger, ex, instanceId);
        }
    }

    private async Task ReconcileAsync(IScheduler scheduler, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var config = _config.Current;
        var wanted = new HashSet<JobKey>();
        var counts = new ReconcileCounts();
        foreach (var feed in config.Feeds.Where(f => f.Enabled))
        {
            var interval = _policy.Interval(feed);
            var job = JobBuilder.Create<PollFeedJob>()
                .WithIdentity($"poll-{feed.Id}", "feeds")
                .UsingJobData(PollFeedJob.FeedIdKey, feed.Id)
                .RequestRecovery()
                .Build();
            wanted.Add(job.Key);
            var existing = await scheduler.GetTrigger(new TriggerKey(job.Key.Name, job.Key.Group), cancellationToken).ConfigureAwait(false);
            if (existing is ISimpleTrigger simple && simple.RepeatInterval == interval && existing.JobKey.Equals(job.Key))
            {
                counts.Kept++;
                continue;
            }

            var jitter = TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * Math.Min(interval.TotalMilliseconds, _options.MaxJitter.TotalMilliseconds));
            await scheduler.ScheduleJob(job, FeedTrigger(feed.Id, now + jitter, interval, _time), Replace, cancellationToken).ConfigureAwait(false);
            counts.Count(existing is null);
            Log.FeedScheduled(_logger, feed.Id, interval, jitter);
        }

        // From the file at start; the sync job below applies subscribers' own cadences (and later changes) within a sweep.
        await UpsertDigestJobsAsync(scheduler, [.. config.Routes], wanted, counts, _time, _logger, cancellationToken).ConfigureAwait(false);

        var sync = JobBuilder.Create<SyncDigestScheduleJob>().WithIdentity("digest-schedule", "schedule").RequestRecovery().Build();
        wanted.Add(sync.Key);
        var syncExisting = await scheduler.GetTrigger(new TriggerKey("digest-schedule", "schedule"), cancellationToken).ConfigureAwait(false);
        if (syncExisting is ISimpleTrigger { } syncSimple && syncSimple.RepeatInterval == _options.AlertInterval)
        {
            counts.Kept++;
        }
        else
        {
            var syncTrigger = TriggerBuilder.Create(_time)
                .WithIdentity("digest-schedule", "schedule")
                .StartAt(now + _options.AlertInterval)
                .WithSchedule(SimpleScheduleBuilder.Create().WithInterval(_options.AlertInterval).RepeatForever().MeasureIntervalFromCompletion(true).WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
                .Build();
            await scheduler.ScheduleJob(sync, syncTrigger, Replace, cancellationToken).ConfigureAwait(false);
            counts.Count(syncExisting is null);
        }

        var alerts = JobBuilder.Create<SendAlertsJob>().WithIdentity("alerts", "digests").RequestRecovery().Build();
        wanted.Add(alerts.Key);
        var alertTrigger = await scheduler.GetTrigger(new TriggerKey("alerts", "digests"), cancellationToken).ConfigureAwait(false);
        if (alertTrigger is ISimpleTrigger { } alertSimple && alertSimple.RepeatInterval == _options.AlertInterval)
        {
            counts.Kept++;
        }
        else
        {
            var trigger = TriggerBuilder.Create(_time)
                .WithIdentity("alerts", "digests")
                .StartAt(now + _options.AlertInterval)
                .WithSchedule(SimpleScheduleBuilder.Create().WithInterval(_options.AlertInterval).RepeatForever().MeasureIntervalFromCompletion(true).WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
                .Build();
            await scheduler.ScheduleJob(alerts, trigger, Replace, cancellationToken).ConfigureAwait(false);
            counts.Count(alertTrigger is null);
        }

        // Jobs stored by an earlier config (a removed feed, a cadence nobody has any more) go.
        foreach (var group in Groups)
        {
            foreach (var key in await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(group), cancellationToken).ConfigureAwait(false))
            {
                if (!wanted.Contains(key) && await scheduler.DeleteJob(key, cancellationToken).ConfigureAwait(false))
                {
                    counts.Removed++;
                    Log.JobRemoved(_logger, key.Name);
                }
            }
        }

        Log.ScheduleReconciled(_logger, counts.Added, counts.Rescheduled, counts.Removed, counts.Kept);
    }

    /// <summary>
    /// Makes the digest jobs match <paramref name="routes"/> (the sync job, every Polling:AlertInterval): a job whose
    /// subscribers changed gets the new list and keeps its trigger, a missing one is added, one nobody needs any more is
    /// removed, and an unchanged one is left alone (its next fire time stays). With a clustered schedule the caller holds
    /// the database lock, so a replica reconciling at start never races it.
    /// </summary>
    internal static async Task SyncDigestsAsync(IScheduler scheduler, IReadOnlyList<Route> routes, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var wanted = new HashSet<JobKey>();
        await UpsertDigestJobsAsync(scheduler, routes, wanted, new ReconcileCounts(), time, logger, cancellationToken).ConfigureAwait(false);
        foreach (var key in await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals("digests"), cancellationToken).ConfigureAwait(false))
        {
            if (key.Name.StartsWith("digest ", StringComparison.Ordinal) && !wanted.Contains(key) && await scheduler.DeleteJob(key, cancellationToken).ConfigureAwait(false))
            {
                Log.DigestUnscheduled(logger, key.Name);
            }
        }
    }

    /// <summary>
    /// Outboxes whose digests fall due at the same instant share one job, so one SMTP connection carries them all. The
    /// job's name is its cron and zone, so a stored one can differ only in who receives it: that is updated in place.
    /// </summary>
    private static async Task UpsertDigestJobsAsync(IScheduler scheduler, IReadOnlyList<Route> routes, HashSet<JobKey> wanted, ReconcileCounts counts, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var groups = routes
            .Where(s => s.Cadence.Kind != DigestCadenceKind.Immediate)
            .GroupBy(DigestJobName, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var ids = string.Join('\n', group.Select(s => s.Id));
            var job = JobBuilder.Create<SendDigestJob>()
                .WithIdentity(group.Key, "digests")
                .UsingJobData(SendDigestJob.SubscriberIdsKey, ids)
                .RequestRecovery()
                .Build();
            wanted.Add(job.Key);
            var existing = await scheduler.GetTrigger(new TriggerKey(group.Key, "digests"), cancellationToken).ConfigureAwait(false);
            if (existing is ICronTrigger)
            {
                var stored = await scheduler.GetJobDetail(job.Key, cancellationToken).ConfigureAwait(false);
                if (stored?.JobDataMap.GetString(SendDigestJob.SubscriberIdsKey) == ids)
                {
                    counts.Kept++;
                    continue;
                }

                await scheduler.AddJob(job, AddJobOptions.ReplacingAndStoringNonDurable, cancellationToken).ConfigureAwait(false);
                counts.Rescheduled++;
            }
            else
            {
                var trigger = TriggerBuilder.Create(time)
                    .WithIdentity(group.Key, "digests")
                    .WithSchedule(DigestSchedule(group.First()))
                    .Build();
                await scheduler.ScheduleJob(job, trigger, Replace, cancellationToken).ConfigureAwait(false);
                counts.Count(existing is null);
            }

            foreach (var subscriber in group)
            {
                Log.DigestScheduled(logger, subscriber.Label, subscriber.Cadence.ToString(), subscriber.TimeZone.Id);
            }
        }
    }

    /// <summary>A feed's trigger: first at <paramref name="startAt"/>, then every <paramref name="interval"/> after each poll completes.</summary>
    internal static ITrigger FeedTrigger(string feedId, DateTimeOffset startAt, TimeSpan interval, TimeProvider time) =>
        TriggerBuilder.Create(time)
            .WithIdentity($"poll-{feedId}", "feeds")
            .StartAt(startAt)
            .WithSchedule(SimpleScheduleBuilder.Create().WithInterval(interval).RepeatForever().MeasureIntervalFromCompletion(true).WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
            .Build();

    /// <summary>
    /// Hourly on the hour, daily at a local time, or weekly on a day at a local time, in the subscriber's zone: Quartz's
    /// cron keeps 07:00 at 07:00 local across DST changes. A misfire (the worker was down) sends once at start.
    /// </summary>
    internal static IScheduleBuilder DigestSchedule(Route subscriber) =>
        CronScheduleBuilder.Create(DigestCron(subscriber.Cadence))
            .InTimeZone(subscriber.TimeZone)
            .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed);

    /// <summary>The job (and trigger) name of a subscriber's digest: the same for every subscriber due at the same instants.</summary>
    internal static string DigestJobName(Route subscriber) => $"digest {DigestCron(subscriber.Cadence)} {subscriber.TimeZone.Id}";

    /// <summary>The Quartz cron expression of a periodic cadence.</summary>
    internal static string DigestCron(DigestCadence cadence) => cadence.Kind switch
    {
        DigestCadenceKind.Daily => $"0 {cadence.At.Minute} {cadence.At.Hour} * * ?",
        DigestCadenceKind.Weekly => $"0 {cadence.At.Minute} {cadence.At.Hour} ? * {cadence.Day.ToString()[..3].ToUpperInvariant()}",
        DigestCadenceKind.Hourly => "0 0 * * * ?",
        _ => throw new ArgumentOutOfRangeException(nameof(cadence), cadence, "The immediate cadence has no digest schedule."),
    };

    private sealed class ReconcileCounts
    {
        public int Added { get; set; }

        public int Rescheduled { get; set; }

        public int Removed { get; set; }

        public int Kept { get; set; }

        public void Count(bool added)
        {
            if (added)
            {
                Added++;
            }
            else
            {
                Rescheduled++;
            }
        }
    }
}
