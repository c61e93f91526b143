using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace NewsWatcher.Fetching;

/// <summary>
/// Bounds requests in flight: at most a few per host (politeness) and a global number (the worker's own resources).
/// In a cluster the per-host limit also holds across replicas, through leased slots in the shared store.
/// </summary>
internal sealed class FetchLimiter : IDisposable
{
    private readonly SemaphoreSlim _global;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _hosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly int _perHost;
    private readonly IHostSlots? _cluster;
    private readonly TimeSpan _lease;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <param name="cluster">The cluster-wide host slots; null on a single replica (the per-host limit is this process's).</param>
    public FetchLimiter(IOptions<FetchOptions> options, TimeProvider time, ILogger<FetchLimiter> logger, IHostSlots? cluster = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _global = new SemaphoreSlim(options.Value.MaxConcurrency);
        _perHost = options.Value.MaxConcurrencyPerHost;
        _cluster = cluster;
        _time = time;
        _logger = logger;

        // Longer than any fetch can take, so a live lease never runs out; a dead replica's slot frees itself after it.
        _lease = (options.Value.Timeout * 2) + TimeSpan.FromSeconds(10);
    }

    /// <summary>Waits for a slot for <paramref name="host"/>; dispose the result to release it.</summary>
    public async Task<IDisposable> AcquireAsync(string host, CancellationToken cancellationToken)
    {
        // Host first: a feed waiting for its busy host must not hold one of the global slots meanwhile.
        var hostSlot = _hosts.GetOrAdd(host, _ => new SemaphoreSlim(_perHost));
        await hostSlot.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _global.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            hostSlot.Release();
            throw;
        }

        string? token;
        try
        {
            token = await AcquireClusterSlotAsync(host, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _global.Release();
            hostSlot.Release();
            throw;
        }

        return new Lease(hostSlot, _global, token is null ? null : () => ReleaseClusterSlotAsync(host, token));
    }

    /// <summary>Waits for one of the host's cluster-wide slots; null when there is no cluster or its store is down.</summary>
    private async Task<string?> AcquireClusterSlotAsync(string host, CancellationToken cancellationToken)
    {
        if (_cluster is null)
        {
            return null;
        }

        var wait = TimeSpan.FromMilliseconds(50);
        try
        {
            while (true)
            {
                if (await _cluster.TryAcquireAsync(host, _perHost, _lease, cancellationToken).ConfigureAwait(false) is { } token)
                {
                    return token;
                }

                // Other replicas hold every slot for this host: back off a little, up to a second, and ask again.
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
                wait = wait * 2 > TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait * 2;
            }
        }
#pragma warning disable CA1031 // A store outage must not stop fetching: the per-replica limit still holds.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            Log.HostSlotsUnavailable(_logger, ex, host);
            return null;
        }
    }

    private async Task ReleaseClusterSlotAsync(string host, string token)
    {
        try
        {
            await _cluster!.ReleaseAsync(host, token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The lease runs out by itself; a failed release only holds the slot that long.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.HostSlotsUnavailable(_logger, ex, host);
        }
    }

    public void Dispose()
    {
        _global.Dispose();
        foreach (var slot in _hosts.Values)
        {
            slot.Dispose();
        }
    }

    private sealed class Lease(SemaphoreSlim host, SemaphoreSlim global, Func<Task>? releaseCluster) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                // The shared slot is given back in the background: a fetch never waits on the store to finish.
                _ = releaseCluster?.Invoke();
                global.Release();
                host.Release();
            }
        }
    }
}
