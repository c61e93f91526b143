using System.Net;
using System.Net.Sockets;

namespace NewsWatcher.Fetching;

/// <summary>
/// Keeps feed fetches off private networks: a feed URL (or a redirect, or a DNS answer) must not make the worker talk to
/// loopback, the LAN, link-local cloud metadata endpoints and the like, unless <see cref="FetchOptions.AllowPrivateNetworks"/>.
/// </summary>
public static class NetworkPolicy
{
    /// <summary>True for addresses on the public internet.</summary>
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 0 || b[0] == 10 || b[0] == 127
                || (b[0] == 100 && (b[1] & 0xC0) == 64)      // 100.64.0.0/10 carrier-grade NAT
                || (b[0] == 169 && b[1] == 254)              // link-local, cloud metadata
                || (b[0] == 172 && (b[1] & 0xF0) == 16)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] == 0)
                || (b[0] == 198 && (b[1] & 0xFE) == 18)      // benchmarking
                || b[0] >= 224);                             // multicast and reserved
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
                || (b[0] & 0xFE) == 0xFC);                   // fc00::/7 unique local
        }

        return false;
    }

    /// <summary>
    /// The refusal for a URL whose host is a literal non-public address or a loopback name (host names are checked
    /// after DNS, in <see cref="ConnectCallback"/>); null when it may be tried.
    /// </summary>
    public static string? RefusedTarget(Uri uri, bool allowPrivate)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var literal = uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && IPAddress.TryParse(uri.IdnHost, out var a) ? a : null;
        var isLocalName = uri.IsLoopback && literal is null;
        return !allowPrivate && ((literal is not null && !IsPublic(literal)) || isLocalName)
            ? $"refused: {uri.Host} is a private, loopback or link-local address; set Fetch:AllowPrivateNetworks=true to allow"
            : null;
    }

    /// <summary>The <see cref="PrivateNetworkException"/> behind a failed request, if that is why it failed.</summary>
    public static PrivateNetworkException? FindRefusal(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is PrivateNetworkException found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>The handler every outbound client uses (feeds, channels): the connect-time address check, no automatic redirects.</summary>
    public static SocketsHttpHandler CreateHandler(FetchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.All,
            AllowAutoRedirect = false,
            ConnectTimeout = TimeSpan.FromSeconds(15),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = options.MaxConcurrencyPerHost,
            ConnectCallback = ConnectCallback(() => options.AllowPrivateNetworks),
        };
    }

    /// <summary>
    /// A <see cref="SocketsHttpHandler.ConnectCallback"/> that resolves the host itself and connects only to allowed
    /// addresses, so the address checked is the address used (no DNS-rebinding window).
    /// </summary>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> ConnectCallback(Func<bool> allowPrivate)
    {
        ArgumentNullException.ThrowIfNull(allowPrivate);
        return async (context, cancellationToken) =>
        {
            var host = context.DnsEndPoint.Host;
            var addresses = IPAddress.TryParse(host, out var literal)
                ? [literal]
                : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
            var allowed = allowPrivate() ? addresses : addresses.Where(IsPublic).ToArray();
            if (allowed.Length == 0)
            {
                throw new PrivateNetworkException($"refused: {host} resolves to a private, loopback or link-local address ({string.Join(", ", addresses.Take(3))}); set Fetch:AllowPrivateNetworks=true to allow");
            }

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };
    }
}

/// <summary>A fetch refused because the target address is not public.</summary>
public sealed class PrivateNetworkException : IOException
{
    public PrivateNetworkException()
    {
    }

    public PrivateNetworkException(string message)
        : base(message)
    {
    }

    public PrivateNetworkException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
