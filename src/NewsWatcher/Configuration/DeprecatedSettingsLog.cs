using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace NewsWatcher.Configuration;

/// <summary>Says at start which settings were given under an old name (<see cref="SettingAliases"/>), once each.</summary>
internal sealed class DeprecatedSettingsLog(DeprecatedSettings deprecated, ILogger<DeprecatedSettingsLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var (old, now) in deprecated.Keys)
        {
            Log.SettingRenamed(logger, old, now);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
