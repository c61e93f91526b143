using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace NewsWatcher.Storage;

/// <summary>
/// The process's single Redis connection. Connects to the configured Redis, or, when none is configured,
/// starts an embedded Garnet server on loopback and connects the same client to it. Started lazily on first use.
/// </summary>
internal sealed class RedisConnection : IAsyncDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(5);

    private readonly StorageOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _startLock = new(1, 1);
    private volatile IConnectionMultiplexer? _multiplexer;
    private EmbeddedGarnet? _embedded;
    private bool _disposed;

    public RedisConnection(IOptions<StorageOptions> options, ILoggerFactory loggerFactory, TimeProvider time)
    {
        _options = options.Value;
        _loggerFactory = loggerFactory;
        _time = time;
        _logger = _loggerFactory.CreateLogger<RedisConnection>();
    }

    /// <summary>Whether this connection runs its own Garnet server rather than using a configured Redis.</summary>
    public bool IsEmbedded => string.IsNullOrWhiteSpace(_options.Configuration);

    /// <summary>The connection, connecting (and starting the embedded server) on first call.</summary>
    public async ValueTask<IConnectionMultiplexer> GetMultiplexerAsync(CancellationToken cancellationToken)
    {
        var multiplexer = _multiplexer;
        if (multiplexer is not null)
        {
            return multiplexer;
        }

        await _startLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                _multiplexer ??= await ConnectAsync().ConfigureAwait(false);
            }
            catch when (_embedded is not null)
            {
                // Don't leave a half-started server behind: the next call starts over cleanly.
                await _embedded.DisposeAsync().ConfigureAwait(false);
                _embedded = null;
                throw;
            }

            return _multiplexer;
        }
        finally
        {
            _startLock.Release();
        }
    }

    public async ValueTask<IDatabase> GetDatabaseAsync(CancellationToken cancellationToken) =>
        (await GetMultiplexerAsync(cancellationToken).ConfigureAwait(false)).GetDatabase();

    public async ValueTask DisposeAsync()
    {
        await _startLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_multiplexer is { } multiplexer)
            {
                if (_embedded is { } server)
                {
                    await CheckpointAsync(multiplexer, server).ConfigureAwait(false);
                }

                await multiplexer.CloseAsync(allowCommandsToComplete: true).ConfigureAwait(false);
                multiplexer.Dispose();
                _multiplexer = null;
            }

            if (_embedded is { } embedded)
            {
                await embedded.DisposeAsync().ConfigureAwait(false);
                _embedded = null;
            }
        }
        finally
        {
            _startLock.Release();
        }
    }

    /// <summary>A checkpoint on shutdown makes the next start recover from a snapshot instead of replaying the whole AOF.</summary>
    private async Task CheckpointAsync(IConnectionMultiplexer multiplexer, EmbeddedGarnet server)
    {
        try
        {
            // A foreground SAVE is fine here: nothing else uses the store once it is being disposed.
            await multiplexer.GetServer(server.EndPoint).ExecuteAsync("SAVE").ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The AOF still holds every write; a missing checkpoint only costs recovery time.
            Log.EmbeddedStoreFlushFailed(_logger, ex);
        }
    }

    private async Task<IConnectionMultiplexer> ConnectAsync()
    {
        ConfigurationOptions configuration;
        if (IsEmbedded)
        {
            // Garnet starts synchronously (recovery included); keep it off the caller's thread.
            _embedded = await Task.Run(() => EmbeddedGarnet.Start(_options.DataDirectory, _loggerFactory, _time)).ConfigureAwait(false);
            Log.EmbeddedStoreStarted(_logger, _embedded.EndPoint, _embedded.DataDirectory);
            configuration = new ConfigurationOptions
            {
                EndPoints = { _embedded.EndPoint },
                ConnectTimeout = (int)ConnectTimeout.TotalMilliseconds,
                SyncTimeout = (int)CommandTimeout.TotalMilliseconds,
                AsyncTimeout = (int)CommandTimeout.TotalMilliseconds,
                // Only for SAVE on shutdown; this server is ours and listens on loopback only.
                AllowAdmin = true,
            };
        }
        else
        {
            configuration = ConfigurationOptions.Parse(_options.Configuration);
            if (!string.IsNullOrEmpty(_options.PasswordFile))
            {
                // Mounted secrets often end in a newline that is not part of the password.
                configuration.Password = (await File.ReadAllTextAsync(_options.PasswordFile).ConfigureAwait(false)).TrimEnd('\r', '\n');
            }
        }

        // A Redis outage at start must not stop the worker: connect in the background and retry.
        // Timeouts of a configured Redis come from its configuration string (the client's defaults are 5 s).
        configuration.AbortOnConnectFail = false;
        configuration.ClientName ??= "newswatcher";

        var endpoints = string.Join(",", configuration.EndPoints);
        Log.RedisConnecting(_logger, endpoints);
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
        multiplexer.ConnectionFailed += (_, e) =>
            Log.RedisConnectionFailed(_logger, e.EndPoint, e.FailureType, e.Exception);
        multiplexer.ConnectionRestored += (_, e) => Log.RedisConnectionRestored(_logger, e.EndPoint);
        if (!multiplexer.IsConnected)
        {
            Log.RedisNotConnectedAtStart(_logger, endpoints);
        }
        else if (!RedisKeys.IsHashTagged(_options.KeyPrefix) && multiplexer.GetServers().Any(s => s.ServerType == ServerType.Cluster))
        {
            // Without a tag the keys of one script fall in different slots and every write fails with CROSSSLOT: say why now.
            await multiplexer.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException(
                $"Redis at {endpoints} is a Redis Cluster: set Storage:KeyPrefix to a hash tag such as '{{{_options.KeyPrefix.TrimEnd(':')}}}:' so the store's multi-key scripts stay in one slot (it is '{_options.KeyPrefix}').");
        }

        return multiplexer;
    }
}
