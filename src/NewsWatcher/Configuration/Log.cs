using Microsoft.Extensions.Logging;

namespace NewsWatcher.Configuration;

internal static partial class Log
{
    [LoggerMessage(5000, LogLevel.Information, "Reloaded {Path}: {Watches} watches now in use")]
    public static partial void WatchesReloaded(ILogger logger, string path, int watches);

    [LoggerMessage(5001, LogLevel.Error, "The edited {Path} has errors; the last good watch rules stay in use until it is fixed:\n{Errors}")]
    public static partial void WatchesReloadFailed(ILogger logger, string path, string errors);

    [LoggerMessage(5002, LogLevel.Information, "Reloaded {Path}: {Rules} stage rules now in use")]
    public static partial void StagesReloaded(ILogger logger, string path, int rules);

    [LoggerMessage(5003, LogLevel.Error, "The edited {Path} has errors; the last good stage rules stay in use until it is fixed:\n{Errors}")]
    public static partial void StagesReloadFailed(ILogger logger, string path, string errors);
}
