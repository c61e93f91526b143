using Microsoft.Extensions.Options;
using NewsWatcher.Storage;

namespace NewsWatcher.Tests.Infrastructure;

/// <summary>
/// Shared store servers for integration tests: one embedded Garnet (data in a temp folder, removed afterwards) and,
/// when REDIS_URL is set, one connection to that Redis. Tests isolate themselves with a unique key prefix.
/// </summary>
public sealed class StoreFixture : IAsyncLifetime
{
    public const string RedisUrlVariable = "REDIS_URL";

    private readonly string _root = TempDirectory.Create("store");
    private readonly SemaphoreSlim _lock = new(1, 1);
    private RedisConnection? _garnet;
    private RedisConnection? _redis;

    /// <summary>The REDIS_URL configuration string, or null when the real-Redis rows should skip.</summary>
    public static string? RedisUrl => Environment.GetEnvironmentVariable(RedisUrlVariable) is { Length: > 0 } url ? url : null;

    /// <summary>A prefix valid for <see cref="StoreOptions.KeyPrefix"/> that no other test uses.</summary>
    public static string UniquePrefix() => "t" + Guid.NewGuid().ToString("N")[..16] + ":";

    /// <summary>A fresh, empty data directory under this fixture's temp folder.</summary>
    public string NewDataDirectory()
    {
        var path = Path.Combine(_root, Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Options for an embedded Garnet over <paramref name="dataDirectory"/> (a new one when null).</summary>
    public StoreOptions GarnetOptions(string? dataDirectory = null, string? keyPrefix = null) => new()
    {
        Configuration = "",
        DataDirectory = dataDirectory ?? NewDataDirectory(),
        KeyPrefix = keyPrefix ?? UniquePrefix(),
    };

    /// <summary>Options for the real Redis; skips the calling test when REDIS_URL is not set.</summary>
    public StoreOptions RedisOptions(string? keyPrefix = null)
    {
        var url = RedisUrl;
        if (url is null)
        {
            Assert.Skip($"Set {RedisUrlVariable} (e.g. 127.0.0.1:6379) to run the store tests against a real Redis.");
        }

        return new StoreOptions { Configuration = url, DataDirectory = NewDataDirectory(), KeyPrefix = keyPrefix ?? UniquePrefix() };
    }

    /// <summary>Stores on the shared server of <paramref name="backend"/>, under a fresh key prefix.</summary>
    public async ValueTask<StoreContext> CreateAsync(StoreBackend backend, Action<StoreOptions>? configure = null)
    {
        var options = backend == StoreBackend.Redis ? RedisOptions() : GarnetOptions();
        configure?.Invoke(options);
        await _lock.WaitAsync();
        try
        {
            var connection = backend == StoreBackend.Redis
                ? _redis ??= new RedisConnection(Options.Create(options))
                : _garnet ??= new RedisConnection(Options.Create(options));
            return new StoreContext(connection, options);
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

        _lock.Dispose();
        TempDirectory.DeleteQuietly(_root);
    }
}
