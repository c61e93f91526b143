using Microsoft.Extensions.Diagnostics.HealthChecks;
using NewsWatcher.Configuration;
using NewsWatcher.Http;

namespace NewsWatcher.Http.Ops;

/// <summary>Readiness: the editor configuration is loaded (the process refuses to start without a valid one).</summary>
internal sealed class ConfigHealthCheck(EditorConfigProvider config) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var current = config.Current;
        return Task.FromResult(HealthCheckResult.Healthy(
            $"{current.Feeds.Count(f => f.Enabled)} feeds enabled, {current.Watches.Watches.Count} watches, {current.Subscribers.Count} subscribers"));
    }
}
