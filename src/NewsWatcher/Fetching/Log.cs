using Microsoft.Extensions.Logging;

namespace NewsWatcher.Fetching;

internal static partial class Log
{
    [LoggerMessage(1950, LogLevel.Warning, "The cluster-wide request slots for host {Host} are unavailable; this replica holds to its own per-host limit meanwhile")]
    public static partial void HostSlotsUnavailable(ILogger logger, Exception exception, string host);
}
