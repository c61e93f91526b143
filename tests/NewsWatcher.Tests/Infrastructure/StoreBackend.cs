namespace NewsWatcher.Tests.Infrastructure;

/// <summary>Which server a store test runs against.</summary>
public enum StoreBackend
{
    /// <summary>The embedded Garnet server, always available.</summary>
    Garnet,

    /// <summary>A real Redis at REDIS_URL; tests skip when it is not set.</summary>
    Redis,

    /// <summary>A real 3-master Redis Cluster at REDIS_CLUSTER_URL (seed nodes, comma-separated); tests skip when it is not set.</summary>
    RedisCluster,
}
