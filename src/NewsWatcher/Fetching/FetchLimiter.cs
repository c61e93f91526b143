using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace NewsWatcher.Fetching;

/// <summary>Bounds requests in flight: at most a few per host (politeness) and a global number (the worker's own resources).</summary>
public sealed class FetchLimiter : IDisposable
{
    private readonly SemaphoreSlim _global;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _hosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly int _perHost;

    public FetchLimiter(IOptions<FetchOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _global = new SemaphoreSlim(options.Value.MaxConcurrency);
        _perHost = options.Value.MaxConcurrencyPerHost;
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

        return new Lease(hostSlot, _global);
    }

    public void Dispose()
    {
        _global.Dispose();
        foreach (var slot in _hosts.Values)
        {
            slot.Dispose();
        }
    }

    private sealed class Lease(SemaphoreSlim host, SemaphoreSlim global) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                global.Release();
                host.Release();
            }
        }
    }
}
