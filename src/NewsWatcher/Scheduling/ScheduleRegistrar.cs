using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsWatcher.Configuration;
using NewsWatcher.Core.Subscribers;
using Quartz;
using SchedulingOptions = NewsWatcher.Scheduling.SchedulingOptions;

namespace NewsWatcher.Scheduling;

/// <summary>Creates the Quartz jobs from the editor configuration: one per feed, one per subscriber digest, one for alerts.</summary>
public sealed class ScheduleRegistrar : IHostedService
{
    private static readonly ScheduleJobOptions Replace = new() { Replace = true };

    private readonly ISchedulerFactory _schedulerFactory;
    private readonly EditorConfigProvider _config;
    private readonly SchedulingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ScheduleRegistrar> _logger;

    public ScheduleRegistrar(ISchedulerFactory schedulerFactory, EditorConfigProvider config, IOptions<SchedulingOptions> options, TimeProvider time, ILogger<ScheduleRegistrar> logger)
    {
        _schedulerFactory = schedulerFactory;
        _config = config;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await _schedulerFactory.GetScheduler(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var config = _config.Current;
        foreach (var feed in config.Feeds.Where(f => f.Enabled))
        {
            var interval = feed.Interval ?? _options.DefaultInterval;
            var jitter = TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * Math.Min(interval.TotalMilliseconds, _options.MaxJitter.TotalMilliseconds));
            var job = JobBuilder.Create<PollFeedJob>()
                .WithIdentity($"poll-{feed.Id}", "feeds")
                .UsingJobData(PollFeedJob.FeedIdKey, feed.Id)
                .Build();
            var trigger = FeedTrigger(feed.Id, now + jitter, interval, _time);
            await scheduler.ScheduleJob(job, trigger, Replace, cancellationToken).ConfigureAwait(false);
            Log.FeedScheduled(_logger, feed.Id, interval, jitter);
        }

        // From the file at start; the sync job below applies subscribers' own cadences (and later changes) within a sweep.
        await SyncDigestsAsync(scheduler, [.. config.Subscribers.SelectMany(s => s.Routes())], _time, _logger, cancellationToken).ConfigureAwait(false);
        var sync = JobBuilder.Create<SyncDigestScheduleJob>().WithIdentity("digest-schedule", "schedule").Build();
        var syncTrigger = TriggerBuilder.Create(_time)
            .WithIdentity("digest-schedule", "schedule")
            .StartAt(now + _options.AlertInterval)
            .WithSchedule(SimpleScheduleBuilder.Create().WithInterval(_options.AlertInterval).RepeatForever().MeasureIntervalFromCompletion(true).WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
            .Build();
        await scheduler.ScheduleJob(sync, syncTrigger, Replace, cancellationToken).ConfigureAwait(false);

        var alerts = JobBuilder.Create<SendAlertsJob>().WithIdentity("alerts", "digests").Build();
        var alertTrigger = TriggerBuilder.Create(_time)
            .WithIdentity("alerts", "digests")
            .StartAt(now + _options.AlertInterval)
            .WithSchedule(SimpleScheduleBuilder.Create().WithInterval(_options.AlertInterval).RepeatForever().MeasureIntervalFromCompletion(true).WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
            .Build();
        await scheduler.ScheduleJob(alerts, alertTrigger, Replace, cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Makes the digest jobs match <paramref name="routes"/>: outboxes whose digests fall due at the same instant share
    /// one job (so one SMTP connection carries them all); a job whose subscribers changed is replaced, one nobody needs
    /// any more is removed, and an unchanged one is left alone (its next fire time stays).
    /// </summary>
    internal static async Task SyncDigestsAsync(IScheduler scheduler, IReadOnlyList<Subscriber> routes, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var groups = routes
            .Where(s => s.Cadence.Kind != DigestCadenceKind.Immediate)
            .GroupBy(DigestJobName, StringComparer.Ordinal)
            .ToList();
        foreach (var group in groups)
        {
            var ids = string.Join('\n', group.Select(s => s.Id));
            var existing = await scheduler.GetJobDetail(new JobKey(group.Key, "digests"), cancellationToken).ConfigureAwait(false);
            if (existing?.JobDataMap.GetString(SendDigestJob.SubscriberIdsKey) == ids)
            {
                continue;
            }

            var job = JobBuilder.Create<SendDigestJob>()
                .WithIdentity(group.Key, "digests")
                .UsingJobData(SendDigestJob.SubscriberIdsKey, ids)
                .Build();
            var trigger = TriggerBuilder.Create(time)
                .WithIdentity(group.Key, "digests")
                .WithSchedule(DigestSchedule(group.First()))
                .Build();
            await scheduler.ScheduleJob(job, trigger, Replace, cancellationToken).ConfigureAwait(false);
            foreach (var subscriber in group)
            {
                Log.DigestScheduled(logger, subscriber.Label, subscriber.Cadence.ToString(), subscriber.TimeZone.Id);
            }
        }

        var wanted = groups.Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var key in await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals("digests"), cancellationToken).ConfigureAwait(false))
        {
            if (key.Name.StartsWith("digest ", StringComparison.Ordinal) && !wanted.Contains(key.Name))
            {
                await scheduler.DeleteJob(key, cancellationToken).ConfigureAwait(false);
                Log.DigestUnscheduled(logger, key.Name);
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
    internal static IScheduleBuilder DigestSchedule(Subscriber subscriber) =>
        CronScheduleBuilder.Create(DigestCron(subscriber.Cadence))
            .InTimeZone(subscriber.TimeZone)
            .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed);

    /// <summary>The job (and trigger) name of a subscriber's digest: the same for every subscriber due at the same instants.</summary>
    internal static string DigestJobName(Subscriber subscriber) => $"digest {DigestCron(subscriber.Cadence)} {subscriber.TimeZone.Id}";

    /// <summary>The Quartz cron expression of a periodic cadence.</summary>
    internal static string DigestCron(DigestCadence cadence) => cadence.Kind switch
    {
        DigestCadenceKind.Daily => $"0 {cadence.At.Minute} {cadence.At.Hour} * * ?",
        DigestCadenceKind.Weekly => $"0 {cadence.At.Minute} {cadence.At.Hour} ? * {cadence.Day.ToString()[..3].ToUpperInvariant()}",
        DigestCadenceKind.Hourly => "0 0 * * * ?",
        _ => throw new ArgumentOutOfRangeException(nameof(cadence), cadence, "The immediate cadence has no digest schedule."),
    };
}
