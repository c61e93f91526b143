using System.Diagnostics.Metrics;

namespace NewsWatcher.Storage;

/// <summary>
/// Store instruments (meter <c>NewsWatcher.Store</c>): round trips to Redis by the feed path, so "constant round trips
/// per feed" can be watched in production and measured by the scale benchmark.
/// </summary>
internal static class StoreMetrics
{
    public const string MeterName = "NewsWatcher.Store";

    private static readonly Meter _meter = new(MeterName);

    /// <summary>One per request/response exchange with the store (a pipelined batch or a transaction counts once).</summary>
    public static Counter<long> RoundTrips { get; } = _meter.CreateCounter<long>("newswatcher.store.round_trips", description: "Round trips to the store by feed polling");

    /// <summary>Thread decisions made again because another writer changed a truce thread first (two replicas, one development).</summary>
    public static Counter<long> ThreadRetries { get; } = _meter.CreateCounter<long>("newswatcher.store.thread_retries", description: "Truce-thread decisions made again after another writer changed the thread");
}
