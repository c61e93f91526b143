using System.Net;
using NewsWatcher.Core.Fetching;

namespace NewsWatcher.Core.Tests.Fetching;

public sealed class AddressRuleTests
{
    [Theory]
    [InlineData("0.1.2.3", "\"this network\"")]
    [InlineData("10.1.2.3", "private")]
    [InlineData("100.100.0.1", "shared address space, carrier-grade NAT")]
    [InlineData("127.0.1.1", "loopback")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.0.0.8", "IETF protocol assignments")]
    [InlineData("192.0.2.2", "documentation, TEST-NET-1")]
    [InlineData("192.31.196.1", "AS112")]
    [InlineData("192.52.193.1", "AMT relay")]
    [InlineData("192.88.99.1", "6to4 relay anycast")]
    [InlineData("192.168.0.1", "private")]
    [InlineData("192.175.48.1", "AS112")]
    [InlineData("198.19.255.1", "benchmarking")]
    [InlineData("198.51.100.7", "documentation, TEST-NET-2")]
    [InlineData("203.0.113.9", "documentation, TEST-NET-3")]
    [InlineData("224.0.0.251", "multicast")]
    [InlineData("240.0.0.1", "reserved")]
    [InlineData("255.255.255.255", "limited broadcast")]
    [InlineData("::", "unspecified")]
    [InlineData("::1", "loopback")]
    [InlineData("::ffff:192.168.1.1", "private")]
    [InlineData("64:ff9b::a00:1", "NAT64 of 10.0.0.1, private")]
    [InlineData("64:ff9b::7f00:1", "NAT64 of 127.0.0.1, loopback")]
    [InlineData("64:ff9b:1::1", "local-use IPv4/IPv6 translation")]
    [InlineData("100::1", "discard-only")]
    [InlineData("2001::1", "IETF protocol assignments: Teredo, ORCHID, benchmarking, AS112, AMT")]
    [InlineData("2001:db8::1", "documentation")]
    [InlineData("2002:c0a8:101::1", "6to4 of 192.168.1.1, private")]
    [InlineData("2002:a9fe:a9fe::1", "6to4 of 169.254.169.254, link-local")]
    [InlineData("3fff::1", "documentation")]
    [InlineData("5f00::1", "SRv6 segment identifiers")]
    [InlineData("fd00::2", "unique-local, private")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("fec0::1", "site-local")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("::a00:1", "reserved, not global unicast")]
    [InlineData("4000::1", "reserved, not global unicast")]
    public void SpecialPurpose_RegistryRange_Named(string address, string expected) =>
        Assert.Equal(expected, AddressRule.SpecialPurpose(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("8.8.8.8")]
    [InlineData("198.17.255.255")]
    [InlineData("198.20.0.1")]
    [InlineData("192.0.3.1")]
    [InlineData("2606:2800:21f:cb07:6820:80da:af6b:8b2c")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2002:808:808::1")]
    [InlineData("::ffff:8.8.8.8")]
    public void SpecialPurpose_PublicAddress_Null(string address) =>
        Assert.Null(AddressRule.SpecialPurpose(IPAddress.Parse(address)));

    [Fact]
    public void Refusal_PublicAddressOfThisHost_Refused()
    {
        IPAddress[] own = [IPAddress.Parse("127.0.0.1"), IPAddress.Parse("93.184.215.14"), IPAddress.Parse("2606:2800:21f::1%2")];

        Assert.Equal("an address of this host", AddressRule.Refusal(IPAddress.Parse("93.184.215.14"), own));
        Assert.Equal("an address of this host", AddressRule.Refusal(IPAddress.Parse("::ffff:93.184.215.14"), own));
        Assert.Equal("an address of this host", AddressRule.Refusal(IPAddress.Parse("2606:2800:21f::1"), own));
        Assert.Equal("loopback", AddressRule.Refusal(IPAddress.Parse("127.0.0.1"), own));
        Assert.Null(AddressRule.Refusal(IPAddress.Parse("8.8.8.8"), own));
    }
}
