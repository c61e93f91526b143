using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using NewsWatcher.Core.Fetching;

namespace NewsWatcher.Fetching;

/// <summary>
/// Keeps feed fetches and channel sends off private networks: a URL (or a redirect, or a DNS answer) must not make the
/// worker talk to loopback, the LAN, link-local cloud metadata endpoints, this host's own addresses or any other
/// special-purpose range (<see cref="AddressRule"/>), unless <see cref="FetchOptions.AllowPrivateNetworks"/>. The address
/// checked is the address connected to (<see cref="ConnectCallback"/>).
/// </summary>
internal static class NetworkPolicy
{
    /// <summary>The setting that allows private addresses, as refusals name it.</summary>
    public const string Setting = "Fetch:AllowPrivateNetworks";

    /// <summary>True for addresses on the public internet (this host's own addresses aside).</summary>
    public static bool IsPublic(IPAddress address) => AddressRule.SpecialPurpose(address) is null;

    /// <summary>Why a connection to <paramref name="address"/> is refused (its range, or "an address of this host"); null when allowed.</summary>
    public static string? Refusal(IPAddress address) => AddressRule.Refusal(address, HostAddresses());

    /// <summary>
    /// The refusal for a URL whose host is a literal refused address or a loopback name (host names are checked
    /// after DNS, in <see cref="ConnectCallback"/>); null when it may be tried.
    /// </summary>
    public static string? RefusedTarget(Uri uri, bool allowPrivate)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (allowPrivate)
        {
            return null;
        }

        var literal = uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && IPAddress.TryParse(uri.IdnHost, out var a) ? a : null;
        if (literal is not null)
        {
            return Refusal(literal) is { } why ? Refused($"{uri.Host} is not a public address ({why})") : null;
        }

        return uri.IsLoopback ? Refused($"{uri.Host} is not a public address (loopback)") : null;
    }

    /// <summary>The refusal for a host whose addresses are all refused ("resolves to 10.0.0.5 (private)"); null when one may be used.</summary>
    public static string? RefusedAddresses(string host, IReadOnlyList<IPAddress> addresses) => RefusedAddresses(host, addresses, HostAddresses());

    private static string? RefusedAddresses(string host, IReadOnlyList<IPAddress> addresses, IPAddress[] own)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        var reasons = addresses.Select(a => (Address: a, Why: AddressRule.Refusal(a, own))).ToList();
        if (reasons.Count == 0 || reasons.Any(r => r.Why is null))
        {
            return null;
        }

        return IPAddress.TryParse(host, out _)
            ? Refused($"{host} is not a public address ({reasons[0].Why})")
            : Refused($"{host} resolves to {string.Join(", ", reasons.Take(3).Select(r => $"{r.Address} ({r.Why})"))}");
    }

    private static string Refused(string what) => $"refused: {what}; set {Setting}=true to allow";

    /// <summary>
    /// This machine's interface addresses, read at each check (interfaces come and go): a request to the host's own
    /// name or public address would otherwise reach services listening only for it.
    /// </summary>
    private static IPAddress[] HostAddresses()
    {
        try
        {
            return [.. NetworkInterface.GetAllNetworkInterfaces().SelectMany(n => n.GetIPProperties().UnicastAddresses).Select(u => u.Address)];
        }
        catch (NetworkInformationException)
        {
            // Unreadable interfaces: the range rule still applies.
            return [];
        }
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
            var allowed = addresses;
            if (!allowPrivate())
            {
                var own = HostAddresses();
                allowed = [.. addresses.Where(a => AddressRule.Refusal(a, own) is null)];
                if (allowed.Length == 0)
                {
                    throw new PrivateNetworkException(RefusedAddresses(host, addresses, own)!);
                }
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
internal sealed class PrivateNetworkException : IOException
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
