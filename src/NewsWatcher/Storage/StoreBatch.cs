using StackExchange.Redis;

namespace NewsWatcher.Storage;

/// <summary>Reads sent as one pipelined batch and counted as one round trip (<see cref="StoreMetrics.RoundTrips"/>).</summary>
internal static class StoreBatch
{
    /// <summary>
    /// One read per item, sent together; the results in the items' order. The client routes each command to the node
    /// that owns its key, so the keys need not share a slot on a Redis Cluster (a transaction or MGET would).
    /// </summary>
    public static async Task<TResult[]> ReadEachAsync<TItem, TResult>(
        this IDatabase database, IEnumerable<TItem> items, Func<IBatch, TItem, Task<TResult>> read, CancellationToken cancellationToken)
    {
        var batch = database.CreateBatch();
        var reads = items.Select(item => read(batch, item)).ToArray();
        batch.Execute();
        StoreMetrics.RoundTrips.Add(1);
        return await Task.WhenAll(reads).WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
