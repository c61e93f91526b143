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

    [LoggerMessage(7100, LogLevel.Information, "Public listener on {Address}: /u/TOKEN (one-click unsubscribe, preferences)")]
    public static partial void PublicListening(ILogger logger, string address);

    [LoggerMessage(7101, LogLevel.Information, "{Subscriber} unsubscribed through the public link")]
    public static partial void Unsubscribed(ILogger logger, string subscriber);

    [LoggerMessage(7102, LogLevel.Information, "{Subscriber} changed their preferences: {Preferences}")]
    public static partial void PreferencesChanged(ILogger logger, string subscriber, string preferences);

    [LoggerMessage(7103, LogLevel.Warning, "Public listener: refused a {Method} from {RemoteAddress}: {Reason}")]
    public static partial void PublicRefused(ILogger logger, string method, string remoteAddress, string reason);

    [LoggerMessage(7104, LogLevel.Warning, "Public listener: {Client} holds {Limit} connections (Http:PublicConnectionsPerClient); further ones are closed until some end")]
    public static partial void PublicConnectionsCapped(ILogger logger, string client, int limit);
}
