using Microsoft.Extensions.Logging;

namespace NewsWatcher.Configuration;

internal static partial class Log
{
    [LoggerMessage(5000, LogLevel.Information, "Reloaded {Path}: {Watches} watches now in use, read and compiled in {ElapsedMs} ms")]
    public static partial void WatchesReloaded(ILogger logger, string path, int watches, long elapsedMs);

    [LoggerMessage(5001, LogLevel.Error, "The edited {Path} has errors; the last good watch rules stay in use until it is fixed:\n{Errors}")]
    public static partial void WatchesReloadFailed(ILogger logger, string path, string errors);

    [LoggerMessage(5002, LogLevel.Error, "Checking {Path} for changes failed; the rules in use stay and the next check tries again")]
    public static partial void ReloadCheckFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(5003, LogLevel.Warning, "Change notifications for {Path} are not available ({Reason}); it is still checked every RulesReload:CheckInterval")]
    public static partial void FileWatchFailed(ILogger logger, string path, string reason);

    [LoggerMessage(5004, LogLevel.Information, "Reloaded {Path}: {Rules} stage rules now in use")]
    public static partial void StagesReloaded(ILogger logger, string path, int rules);

    [LoggerMessage(5005, LogLevel.Error, "The edited {Path} has errors; the last good stage rules stay in use until it is fixed:\n{Errors}")]
    public static partial void StagesReloadFailed(ILogger logger, string path, string errors);

    [LoggerMessage(5006, LogLevel.Warning, "{Count} editor examples do not hold with the rules in use (the rules are used all the same; `newswatcher check` lists them too):\n{Examples}")]
    public static partial void ExamplesFailed(ILogger logger, int count, string examples);

    [LoggerMessage(5007, LogLevel.Warning, "Setting {Old} has a new name, {New}: it is used all the same, but rename it before the old name goes")]
    public static partial void SettingRenamed(ILogger logger, string old, string @new);
}
