using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NewsWatcher.Dedup;
using NewsWatcher.Storage;

namespace NewsWatcher.Tests.Infrastructure;

/// <summary>
/// Shared store servers for integration tests: one embedded Garnet (data in a temp folder, removed afterwards) and,
/// when REDIS_URL is set, one connection to that Redis. Tests isolate themselves with a unique key prefix.
/// </summary>
public sealed class StoreFixture : IAsyncLifetime
{
    public const string RedisUrlVariable = "REDIS_URL";
    public const string RedisClusterUrlVariable = "REDIS_CLUSTER_URL";

    private readonly string _root = TempDirectory.Create("store");
    private readonly SemaphoreSlim _lock = new(1, 1);
    private RedisConnection? _garnet;
    private RedisConnection? _redis;
    private RedisConnection? _cluster;

    /// <summary>The REDIS_URL configuration string, or null when the real-Redis rows should skip.</summary>
    public static string? RedisUrl => Environment.GetEnvironmentVariable(RedisUrlVariable) is { Length: > 0 } url ? url : null;

    /// <summary>The REDIS_CLUSTER_URL seed nodes, or null when the Redis Cluster rows should skip.</summary>
    public static string? RedisClusterUrl => Environment.GetEnvironmentVariable(RedisClusterUrlVariable) is { Length: > 0 } url ? url : null;

    /// <summary>A hash-tagged prefix, as a Redis Cluster needs: every key of one test lands in one slot.</summary>
    public static string UniqueClusterPrefix() => "{t" + Guid.NewGuid().ToString("N")[..16] + "}:";

    /// <summary>The configuration string of a real server backend; skips the calling test when its variable is not set.</summary>
    public static string RequireUrl(StoreBackend backend)
    {
        var url = backend == StoreBackend.RedisCluster ? RedisClusterUrl : RedisUrl;
        if (url is null)
        {
            Assert.Skip(backend == StoreBackend.RedisCluster
                ? $"Set {RedisClusterUrlVariable} (e.g. 127.0.0.1:7101,127.0.0.1:7102,127.0.0.1:7103) to run the store tests against a real Redis Cluster (.ci/run starts one)."
                : $"Set {RedisUrlVariable} (e.g. 127.0.0.1:6379) to run the store tests against a real Redis.");
        }

        return url!;
    }

    /// <summary>A prefix valid for <see cref="StorageOptions.KeyPrefix"/> that no other test uses.</summary>
    public static string UniquePrefix() => "t" + Guid.NewGuid().ToString("N")[..16] + ":";

    /// <summary>A fresh, empty data directory under this fixture's temp folder.</summary>
    public string NewDataDirectory()
    {
        var path = Path.Combine(_root, Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Options for an embedded Garnet over <paramref name="dataDirectory"/> (a new one when null).</summary>
    public StorageOptions GarnetOptions(string? dataDirectory = null, string? keyPrefix = null) => new()
    {
        Configuration = "",
        DataDirectory = dataDirectory ?? NewDataDirectory(),
        KeyPrefix = keyPrefix ?? UniquePrefix(),
    };

    /// <summary>Options for the real Redis; skips the calling test when REDIS_URL is not set.</summary>
    public StorageOptions RedisOptions(string? keyPrefix = null)
    {
        var url = RedisUrl;
        if (url is null)
        {
            Assert.Skip($"Set {RedisUrlVariable} (e.g. 127.0.0.1:6379) to run the store tests against a real Redis.");
        }

        return new StorageOptions { Configuration = url, DataDirectory = NewDataDirectory(), KeyPrefix = keyPrefix ?? UniquePrefix() };
    }

    /// <summary>Stores on the shared server of <paramref name="backend"/>, under a fresh key prefix.</summary>
    internal async ValueTask<StoreContext> CreateAsync(StoreBackend backend, Action<StorageOptions>? configure = null, Action<DedupOptions>? dedup = null)
    {
        var options = backend switch
        {
            StoreBackend.Redis => RedisOptions(),
            StoreBackend.RedisCluster => new StorageOptions { Configuration = RequireUrl(backend), DataDirectory = NewDataDirectory(), KeyPrefix = UniqueClusterPrefix() },
            _ => GarnetOptions(),
        };
        configure?.Invoke(options);
        var dedupOptions = new DedupOptions();
        dedup?.Invoke(dedupOptions);
        await _lock.WaitAsync();
        try
        {
            var connection = backend switch
            {
                StoreBackend.Redis => _redis ??= new RedisConnection(Options.Create(options), NullLoggerFactory.Instance, TimeProvider.System),
                StoreBackend.RedisCluster => _cluster ??= new RedisConnection(Options.Create(options), NullLoggerFactory.Instance, TimeProvider.System),
                _ => _garnet ??= new RedisConnection(Options.Create(options), NullLoggerFactory.Instance, TimeProvider.System),
            };
            return new StoreContext(connection, options, dedupOptions);
        }
        finally
        {
            _lock.Release();
        }
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_garnet is not null)
        {
            await _garnet.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        _lock.Dispose();
        TempDirectory.DeleteQuietly(_root);
    }
}
