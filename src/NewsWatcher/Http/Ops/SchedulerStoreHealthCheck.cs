using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NewsWatcher.Http;
using NewsWatcher.Scheduling;

namespace NewsWatcher.Http.Ops;

/// <summary>
/// Readiness: the clustered schedule's job store answers. Quartz keeps saying "running" while its database is down,
/// yet nothing fires; this check asks the database itself. An in-memory schedule has no store to lose.
/// </summary>
internal sealed class SchedulerStoreHealthCheck(IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (services.GetService<SchedulerStoreMonitor>() is not { } monitor)
        {
            return HealthCheckResult.Healthy("in memory (one node)");
        }

        var state = await monitor.CheckAsync(cancellationToken).ConfigureAwait(false);
        return state.Up
            ? HealthCheckResult.Healthy(state.Reason)
            : HealthCheckResult.Unhealthy($"{state.Reason} (down since {state.DownSince:yyyy-MM-dd HH:mm:ss}Z)");
    }
}
