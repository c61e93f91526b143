using Microsoft.Extensions.Logging.Abstractions;
using NewsWatcher.Dedup;
using NewsWatcher.Outbox;
using NewsWatcher.Polling;
using NewsWatcher.Storage;

namespace NewsWatcher.Tests.Infrastructure;

/// <summary>The stores of one test, on a shared connection, under a key prefix no other test uses.</summary>
internal sealed class StoreContext
{
    public StoreContext(RedisConnection connection, StorageOptions options, DedupOptions? dedup = null)
    {
        Connection = connection;
        Options = options;
        Dedup = dedup ?? new DedupOptions();
        Keys = new RedisKeys(options.KeyPrefix);
        var wrapped = Microsoft.Extensions.Options.Options.Create(options);
        Ledger = new RedisArticleLedger(connection, wrapped, Microsoft.Extensions.Options.Options.Create(Dedup));
        Pending = new RedisPendingStore(connection, wrapped, NullLogger<RedisPendingStore>.Instance);
        FeedState = new RedisFeedStateStore(connection, wrapped);
    }

    public RedisConnection Connection { get; }

    public StorageOptions Options { get; }

    public DedupOptions Dedup { get; }

    public RedisKeys Keys { get; }

    public RedisArticleLedger Ledger { get; }

    public RedisPendingStore Pending { get; }

    public RedisFeedStateStore FeedState { get; }
}
