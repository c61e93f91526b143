using Microsoft.Extensions.Logging;

namespace NewsWatcher.Http;

internal static partial class Log
{
    [LoggerMessage(7000, LogLevel.Information, "Ops listener on {Address}: /healthz, /readyz, /metrics, / (status page)")]
    public static partial void HttpListening(ILogger logger, string address);

    [LoggerMessage(7001, LogLevel.Information, "Ops listener is off (Http:Port = 0)")]
    public static partial void HttpOff(ILogger logger);

    [LoggerMessage(7010, LogLevel.Error, "The status snapshot refresh failed unexpectedly; the next one runs as usual")]
    public static partial void SnapshotRefreshCrashed(ILogger logger, Exception exception);
}
