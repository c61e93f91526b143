using Microsoft.Extensions.Logging;

namespace NewsWatcher.Configuration;

internal static partial class Log
{
    [LoggerMessage(5000, LogLevel.Information, "Reloaded {Path}: {Watches} watches now in use")]
    public static partial void WatchesReloaded(ILogger logger, string path, int watches);

    [LoggerMessage(5001, LogLevel.Error, "The edited {Path} has errors; the last good watch rules stay in use until it is fixed:\n{Errors}")]
    public static partial void WatchesReloadFailed(ILogger logger, string path, string errors);
}
