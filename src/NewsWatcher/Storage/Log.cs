using System.Net;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace NewsWatcher.Storage;

/// <summary>Source-generated log messages of the store.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information,
        Message = "Embedded Garnet store started at {Endpoint} with data in {DataDirectory}")]
    public static partial void EmbeddedStoreStarted(ILogger logger, IPEndPoint endpoint, string dataDirectory);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Embedded Garnet store stopped; data in {DataDirectory} is durable")]
    public static partial void EmbeddedStoreStopped(ILogger logger, string dataDirectory);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Could not make the embedded store durable before stopping")]
    public static partial void EmbeddedStoreFlushFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Connecting to Redis at {Endpoints}")]
    public static partial void RedisConnecting(ILogger logger, string endpoints);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Redis connection to {Endpoint} failed ({FailureType}); retrying in the background")]
    public static partial void RedisConnectionFailed(ILogger logger, EndPoint? endpoint, ConnectionFailureType failureType, Exception? exception);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "Redis connection to {Endpoint} restored")]
    public static partial void RedisConnectionRestored(ILogger logger, EndPoint? endpoint);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Warning, Message = "Redis at {Endpoint} is not reachable yet; the store retries in the background")]
    public static partial void RedisNotConnectedAtStart(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Warning,
        Message = "Skipped corrupt pending item {ItemKey} for {Subscriber} ({Channel})")]
    public static partial void CorruptPendingItem(ILogger logger, string itemKey, string subscriber, string channel, Exception? exception);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Warning,
        Message = "Ignored corrupt sending record for {Subscriber} ({Channel}); its items stay pending")]
    public static partial void CorruptSendingRecord(ILogger logger, string subscriber, string channel, Exception? exception);
}
