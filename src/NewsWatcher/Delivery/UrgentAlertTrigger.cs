using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NewsWatcher.Polling;
using NewsWatcher.Scheduling;
using Quartz;

namespace NewsWatcher.Delivery;

/// <summary>
/// Fires the alert job now when a poll queued an urgent match. A one-off Quartz trigger, so with a clustered schedule
/// exactly one replica runs it, and the job never overlaps the regular sweep (it waits for a sweep under way).
/// </summary>
internal sealed class UrgentAlertTrigger : BackgroundService
{
    /// <summary>The regular alert sweep's job (<see cref="ScheduleRegistrar"/>).</summary>
    public static readonly JobKey AlertJob = new("alerts", "digests");

    private readonly AlertWakeup _wakeup;
    private readonly ISchedulerFactory _schedulerFactory;
    private readonly ILogger<UrgentAlertTrigger> _logger;

    public UrgentAlertTrigger(AlertWakeup wakeup, ISchedulerFactory schedulerFactory, ILogger<UrgentAlertTrigger> logger)
    {
        _wakeup = wakeup;
        _schedulerFactory = schedulerFactory;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var scheduler = await _schedulerFactory.GetScheduler(stoppingToken).ConfigureAwait(false);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _wakeup.WaitAsync(stoppingToken).ConfigureAwait(false);
                await scheduler.TriggerJob(AlertJob, stoppingToken).ConfigureAwait(false);
                Log.UrgentAlertFired(_logger);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The regular sweep still sends the alert; a failed wake must not stop later ones.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.UrgentAlertNotFired(_logger, ex);
            }
        }
    }
}
