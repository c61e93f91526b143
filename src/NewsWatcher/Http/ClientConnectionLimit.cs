using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace NewsWatcher.Http;

/// <summary>
/// Kestrel connection middleware: one client address (<see cref="TrustedProxies.ClientKey"/>) may hold at most
/// <c>limit</c> open connections to the public listener; a further one is closed at once, before a byte is read, so
/// a client holding many slow sockets cannot take the listener's shared connection cap from everyone else. A trusted
/// proxy carries every reader's connections and is not limited here: its readers are limited per request, by the
/// address it forwards.
/// </summary>
internal sealed class ClientConnectionLimit
{
    private readonly int _limit;
    private readonly TrustedProxies _proxies;
    private readonly ILogger _logger;
    private readonly Dictionary<string, Entry> _open = new(StringComparer.Ordinal);

    public ClientConnectionLimit(int limit, TrustedProxies proxies, ILogger logger)
    {
        _limit = limit;
        _proxies = proxies;
        _logger = logger;
    }

    public ConnectionDelegate Middleware(ConnectionDelegate next) => async connection =>
    {
        var address = (connection.RemoteEndPoint as IPEndPoint)?.Address;
        if (_proxies.Contains(address))
        {
            await next(connection).ConfigureAwait(false);
            return;
        }

        var key = TrustedProxies.ClientKey(address);
        if (!TryEnter(key))
        {
            // Returning closes the connection; the count stays as it was.
            return;
        }

        try
        {
            await next(connection).ConfigureAwait(false);
        }
        finally
        {
            Leave(key);
        }
    };

    private bool TryEnter(string key)
    {
        bool first;
        lock (_open)
        {
            var entry = _open.GetValueOrDefault(key) ?? (_open[key] = new Entry());
            if (entry.Count < _limit)
            {
                entry.Count++;
                return true;
            }

            // Said once per episode: a flood of refused sockets must not become a flood of log lines.
            first = !entry.Reported;
            entry.Reported = true;
        }

        if (first)
        {
            Log.PublicConnectionsCapped(_logger, key, _limit);
        }

        return false;
    }

    private void Leave(string key)
    {
        lock (_open)
        {
            var entry = _open[key];
            if (--entry.Count == 0)
            {
                _open.Remove(key);
            }
        }
    }

    private sealed class Entry
    {
        public int Count { get; set; }

        public bool Reported { get; set; }
    }
}
