using System.Net;
using System.Net.Sockets;

namespace NewsWatcher.Core.Fetching;

/// <summary>
/// The private-network rule for every outbound request (feeds, channels): which addresses are not the public internet.
/// Every range in the IANA IPv4 and IPv6 special-purpose address registries is refused, the few marked globally
/// reachable too (anycast relays no feed or channel lives on), and so are multicast, the reserved blocks and every IPv6
/// address outside global unicast (2000::/3). Addresses that embed an IPv4 address (IPv4-mapped, NAT64 64:ff9b::/96,
/// 6to4 2002::/16) are judged by the address they embed; so are this host's own addresses, whatever their range.
/// </summary>
public static class AddressRule
{
    private static readonly (byte[] Prefix, int Bits, string Name)[] V4 =
    [
        (V4Bytes(0, 0, 0, 0), 8, "\"this network\""),
        (V4Bytes(10, 0, 0, 0), 8, "private"),
        (V4Bytes(100, 64, 0, 0), 10, "shared address space, carrier-grade NAT"),
        (V4Bytes(127, 0, 0, 0), 8, "loopback"),
        (V4Bytes(169, 254, 0, 0), 16, "link-local"),
        (V4Bytes(172, 16, 0, 0), 12, "private"),
        (V4Bytes(192, 0, 0, 0), 24, "IETF protocol assignments"),
        (V4Bytes(192, 0, 2, 0), 24, "documentation, TEST-NET-1"),
        (V4Bytes(192, 31, 196, 0), 24, "AS112"),
        (V4Bytes(192, 52, 193, 0), 24, "AMT relay"),
        (V4Bytes(192, 88, 99, 0), 24, "6to4 relay anycast"),
        (V4Bytes(192, 168, 0, 0), 16, "private"),
        (V4Bytes(192, 175, 48, 0), 24, "AS112"),
        (V4Bytes(198, 18, 0, 0), 15, "benchmarking"),
        (V4Bytes(198, 51, 100, 0), 24, "documentation, TEST-NET-2"),
        (V4Bytes(203, 0, 113, 0), 24, "documentation, TEST-NET-3"),
        (V4Bytes(224, 0, 0, 0), 4, "multicast"),
        (V4Bytes(255, 255, 255, 255), 32, "limited broadcast"),
        (V4Bytes(240, 0, 0, 0), 4, "reserved"),
    ];

    private static readonly (byte[] Prefix, int Bits, string Name)[] V6 =
    [
        (V6Bytes("::"), 128, "unspecified"),
        (V6Bytes("::1"), 128, "loopback"),
        (V6Bytes("64:ff9b:1::"), 48, "local-use IPv4/IPv6 translation"),
        (V6Bytes("100::"), 64, "discard-only"),
        (V6Bytes("100:0:0:1::"), 64, "dummy prefix"),
        (V6Bytes("2001:db8::"), 32, "documentation"),
        (V6Bytes("2001::"), 23, "IETF protocol assignments: Teredo, ORCHID, benchmarking, AS112, AMT"),
        (V6Bytes("3fff::"), 20, "documentation"),
        (V6Bytes("5f00::"), 16, "SRv6 segment identifiers"),
        (V6Bytes("fc00::"), 7, "unique-local, private"),
        (V6Bytes("fe80::"), 10, "link-local"),
        (V6Bytes("fec0::"), 10, "site-local"),
        (V6Bytes("ff00::"), 8, "multicast"),
    ];

    private static readonly byte[] Nat64 = V6Bytes("64:ff9b::");
    private static readonly byte[] SixToFour = V6Bytes("2002::");
    private static readonly byte[] GlobalUnicast = V6Bytes("2000::");

    /// <summary>
    /// Why <paramref name="address"/> is not on the public internet (e.g. "documentation, TEST-NET-2", "NAT64 of
    /// 10.0.0.1, private"); null when it is.
    /// </summary>
    public static string? SpecialPurpose(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var bytes = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return Find(V4, bytes);
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return "not an IP address";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return SpecialPurpose(address.MapToIPv4());
        }

        // Translators and relays forward to the IPv4 address inside: judge that one.
        if (Matches(bytes, Nat64, 96))
        {
            return SpecialPurpose(new IPAddress(bytes.AsSpan(12, 4))) is { } inner ? $"NAT64 of {new IPAddress(bytes.AsSpan(12, 4))}, {inner}" : null;
        }

        if (Matches(bytes, SixToFour, 16))
        {
            return SpecialPurpose(new IPAddress(bytes.AsSpan(2, 4))) is { } inner ? $"6to4 of {new IPAddress(bytes.AsSpan(2, 4))}, {inner}" : null;
        }

        return Find(V6, bytes) ?? (Matches(bytes, GlobalUnicast, 3) ? null : "reserved, not global unicast");
    }

    /// <summary>
    /// Why a connection to <paramref name="address"/> is refused: a special-purpose range, or one of
    /// <paramref name="hostAddresses"/> (this machine's interfaces, so its own name or public address cannot reach a
    /// local service); null when it may be used.
    /// </summary>
    public static string? Refusal(IPAddress address, IEnumerable<IPAddress> hostAddresses)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(hostAddresses);
        if (SpecialPurpose(address) is { } range)
        {
            return range;
        }

        var plain = Plain(address);
        return hostAddresses.Any(own => Plain(own).Equals(plain)) ? "an address of this host" : null;
    }

    /// <summary>The address without scope id, as IPv4 when it is IPv4-mapped, so equal addresses compare equal.</summary>
    private static IPAddress Plain(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : new IPAddress(address.GetAddressBytes());

    private static string? Find((byte[] Prefix, int Bits, string Name)[] ranges, byte[] bytes)
    {
        foreach (var (prefix, bits, name) in ranges)
        {
            if (Matches(bytes, prefix, bits))
            {
                return name;
            }
        }

        return null;
    }

    private static bool Matches(byte[] address, byte[] prefix, int bits)
    {
        if (address.Length != prefix.Length)
        {
            return false;
        }

        var whole = bits / 8;
        if (!address.AsSpan(0, whole).SequenceEqual(prefix.AsSpan(0, whole)))
        {
            return false;
        }

        var rest = bits % 8;
        if (rest == 0)
        {
            return true;
        }

        var mask = (byte)(0xFF << (8 - rest));
        return (address[whole] & mask) == (prefix[whole] & mask);
    }

    private static byte[] V4Bytes(byte a, byte b, byte c, byte d) => [a, b, c, d];

    private static byte[] V6Bytes(string text) => IPAddress.Parse(text).GetAddressBytes();
}
