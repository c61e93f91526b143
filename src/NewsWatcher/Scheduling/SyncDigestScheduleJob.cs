using Microsoft.Extensions.Logging;
using NewsWatcher.Configuration;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Core.Subscribers;
using NewsWatcher.Delivery;
using NewsWatcher.Subscribers;
using Quartz;
using StackExchange.Redis;

namespace NewsWatcher.Scheduling;

/// <summary>
/// Every Polling:AlertInterval: brings the digest jobs in line with the cadences subscribers chose on the preferences
/// page (on any replica), sends what waits in the digest outbox of anyone who switched to immediate, and ends pauses
/// that have run out with one digest of what they held.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class SyncDigestScheduleJob : IJob
{
    private readonly SubscriberDirectory _directory;
    private readonly EditorConfigProvider _config;
    private readonly OutboxSender _sender;
    private readonly PauseRelease _release;
    private readonly TimeProvider _time;
    private readonly ILogger<SyncDigestScheduleJob> _logger;
    private readonly SchedulerDatabase? _database;

    /// <param name="database">The clustered schedule's database (null in memory): its lock keeps a starting replica's reconcile out meanwhile.</param>
    public SyncDigestScheduleJob(SubscriberDirectory directory, EditorConfigProvider config, OutboxSender sender, PauseRelease release, TimeProvider time, ILogger<SyncDigestScheduleJob> logger, SchedulerDatabase? database = null)
    {
        _release = release;
        _database = database;
        _directory = directory;
        _config = config;
        _sender = sender;
        _time = time;
        _logger = logger;
    }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            var routes = await _directory.ActiveRoutesAsync(_config.Current.Routes, cancellationToken).ConfigureAwait(false);
            if (_database is null)
            {
                await ScheduleRegistrar.SyncDigestsAsync(context.Scheduler, routes, _time, _logger, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await using (await _database.LockAsync(cancellationToken).ConfigureAwait(false))
                {
                    await ScheduleRegistrar.SyncDigestsAsync(context.Scheduler, routes, _time, _logger, cancellationToken).ConfigureAwait(false);
                }
            }

            // Switched to immediate: the digest job is gone, so its waiting items go out now rather than never.
            var switched = routes
                .Where(r => r.Cadence.Kind == DigestCadenceKind.Immediate && _directory.FindRoute(r.Id)?.Cadence.Kind != DigestCadenceKind.Immediate)
                .Select(r => new SendRequest(r, OutboxKind.Digest))
                .ToList();
            if (switched.Count > 0)
            {
                await _sender.SendManyAsync(switched, force: false, cancellationToken).ConfigureAwait(false);
            }

            // A pause that has run out: what it held goes as one digest now, not at the next scheduled one.
            await _release.ReleaseAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or SchedulerException or Npgsql.NpgsqlException)
        {
            Log.DigestSyncFailed(_logger, ex);
        }
    }
}
