using System.Net;
using Microsoft.AspNetCore.Builder;
using IPNetwork = System.Net.IPNetwork;

namespace NewsWatcher.Http;

/// <summary>
/// The reverse proxies in front of the public listener (Http:TrustedProxies): only a request whose socket comes from
/// one of them has its X-Forwarded-For believed. Everyone else is the client they appear to be, whatever they claim.
/// </summary>
internal sealed class TrustedProxies
{
    private TrustedProxies(IReadOnlyList<IPAddress> addresses, IReadOnlyList<IPNetwork> networks)
    {
        Addresses = addresses;
        Networks = networks;
    }

    public static TrustedProxies None { get; } = new([], []);

    public IReadOnlyList<IPAddress> Addresses { get; }

    public IReadOnlyList<IPNetwork> Networks { get; }

    public bool IsEmpty => Addresses.Count == 0 && Networks.Count == 0;

    /// <summary>Reads a comma-separated list of addresses (10.0.0.5, ::1) and networks (10.0.0.0/8, fd00::/8).</summary>
    /// <returns>The proxies, or null with <paramref name="error"/> naming the first entry that is neither.</returns>
    public static TrustedProxies? Parse(string? text, out string? error)
    {
        error = null;
        var addresses = new List<IPAddress>();
        var networks = new List<IPNetwork>();
        foreach (var entry in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // A network with host bits set (10.0.0.5/8) is refused rather than widened: it is most likely a typo.
            if (entry.Contains('/', StringComparison.Ordinal)
                ? IPNetwork.TryParse(entry, out var network) && network.BaseAddress.Equals(IPAddress.Parse(entry[..entry.IndexOf('/', StringComparison.Ordinal)])) && Add(networks, network)
                : IPAddress.TryParse(entry, out var address) && Add(addresses, Normalize(address)))
            {
                continue;
            }

            error = $"'{entry}' is neither an IP address (10.0.0.5, fd00::5) nor a network in CIDR form with its host bits zero (10.0.0.0/8, fd00::/8)";
            return null;
        }

        return addresses.Count == 0 && networks.Count == 0 ? None : new TrustedProxies(addresses, networks);
    }

    public bool Contains(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        address = Normalize(address);
        return Addresses.Contains(address) || Networks.Any(n => n.Contains(address));
    }

    /// <summary>Trust exactly these proxies (not the middleware's default loopback), and walk X-Forwarded-For through each of them.</summary>
    public ForwardedHeadersOptions ForwardedHeaders()
    {
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor,

            // Each hop is consumed only while the address it came from is trusted, so no limit is needed for safety.
            ForwardLimit = null,
        };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var address in Addresses)
        {
            options.KnownProxies.Add(address);
        }

        foreach (var network in Networks)
        {
            options.KnownIPNetworks.Add(network);
        }

        return options;
    }

    /// <summary>
    /// The key one client is limited under: its IPv4 address, or the /64 of an IPv6 one (a single host is usually
    /// handed a whole /64, so per address it could take a fresh bucket for every request).
    /// </summary>
    public static string ClientKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        address = Normalize(address);
        return address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? new IPNetwork(Mask(address, 64), 64).ToString()
            : address.ToString();
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static IPAddress Mask(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var i = prefix / 8; i < bytes.Length; i++)
        {
            bytes[i] = 0;
        }

        return new IPAddress(bytes);
    }

    private static bool Add<T>(List<T> list, T item)
    {
        list.Add(item);
        return true;
    }
}
