using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using NewsWatcher.Http;
using Quartz;

namespace NewsWatcher.Http.Ops;

/// <summary>
/// The Quartz scheduler. Liveness fails only when it died while the host is not stopping; readiness also needs it
/// started and the host not stopping. One-shot commands have no scheduler, which is fine for both.
/// </summary>
internal sealed class SchedulerHealthCheck(IServiceProvider services, IHostApplicationLifetime lifetime) : IHealthCheck
{
    public const string LivenessName = "scheduler-alive";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var liveness = context.Registration.Name == LivenessName;
        var stopping = lifetime.ApplicationStopping.IsCancellationRequested;
        if (services.GetService<ISchedulerFactory>() is not { } factory)
        {
            return HealthCheckResult.Healthy("no scheduler in this command");
        }

        if (stopping)
        {
            // Quartz refuses to hand out a scheduler once shut down; while stopping, that is expected.
            return liveness ? HealthCheckResult.Healthy("shutting down") : HealthCheckResult.Unhealthy("shutting down: no new polls are taken");
        }

        SchedulerStatus status;
        try
        {
            status = (await factory.GetScheduler(cancellationToken).ConfigureAwait(false)).Status;
        }
        catch (SchedulerException ex)
        {
            return HealthCheckResult.Unhealthy($"the scheduler has shut down: {ex.Message}");
        }

        if (status is SchedulerStatus.ShuttingDown or SchedulerStatus.Shutdown)
        {
            return HealthCheckResult.Unhealthy("the scheduler has shut down");
        }

        if (status != SchedulerStatus.Running)
        {
            return liveness ? HealthCheckResult.Healthy("starting") : HealthCheckResult.Unhealthy($"the scheduler is not running yet ({status})");
        }

        return HealthCheckResult.Healthy("running");
    }
}
