using System.Text;
using NewsWatcher.Core.Fetching;

namespace NewsWatcher.Core.Tests.Fetching;

public sealed class HubLinksTests
{
    private static readonly Uri Base = new("https://news.example.org/feeds/world.xml");

    [Fact]
    public void Discover_RssWithAtomLinks_FindsHubAndSelf()
    {
        var rss = """
            <?xml version="1.0"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>World</title>
            <atom:link rel="hub" href="https://pubsubhubbub.appspot.com/"/><atom:link rel="self" type="application/rss+xml" href="https://news.example.org/world.xml"/>
            <item><title>a</title><atom:link rel="hub" href="https://item.example.org/hub"/></item></channel></rss>
            """;

        var links = HubLinks.Discover([], Encoding.UTF8.GetBytes(rss), Base);

        Assert.Equal([new Uri("https://pubsubhubbub.appspot.com/")], links.Hubs);
        Assert.Equal(new Uri("https://news.example.org/world.xml"), links.Self);
        Assert.True(links.Pushable);
    }

    [Fact]
    public void Discover_AtomFeed_FindsHubAndSelfAndResolvesRelativeLinks()
    {
        var atom = """
            <feed xmlns="http://www.w3.org/2005/Atom"><title>World</title><link rel="alternate" href="/"/>
            <link rel="self" href="/feeds/world.atom"/><link rel="hub" href="https://hub.example.net/"/>
            <entry><title>a</title></entry></feed>
            """;

        var links = HubLinks.Discover([], Encoding.UTF8.GetBytes(atom), Base);

        Assert.Equal([new Uri("https://hub.example.net/")], links.Hubs);
        Assert.Equal(new Uri("https://news.example.org/feeds/world.atom"), links.Self);
    }

    [Fact]
    public void Discover_LinkHeaders_WinOverTheDocument()
    {
        var rss = """<rss xmlns:atom="http://www.w3.org/2005/Atom"><channel><atom:link rel="hub" href="https://doc.example.org/hub"/><atom:link rel="self" href="https://doc.example.org/self"/></channel></rss>""";

        var links = HubLinks.Discover(
            ["<https://hub.example.net/>; rel=\"hub\", <https://news.example.org/world.xml>; rel=self", "<https://second.example.net/>; rel=\"hub\""],
            Encoding.UTF8.GetBytes(rss),
            Base);

        Assert.Equal([new Uri("https://hub.example.net/"), new Uri("https://second.example.net/")], links.Hubs);
        Assert.Equal(new Uri("https://news.example.org/world.xml"), links.Self);
    }

    [Theory]
    [InlineData("<rss><channel><title>No hub</title></channel></rss>")]
    [InlineData("<rss><channel><atom:link rel=\"hub\" href=\"x\"")]
    [InlineData("<!DOCTYPE x [<!ENTITY a \"b\">]><rss/>")]
    [InlineData("<rss xmlns:atom=\"http://www.w3.org/2005/Atom\"><channel><atom:link rel=\"hub\" href=\"javascript:alert(1)\"/></channel></rss>")]
    public void Discover_NoUsableHub_NotPushable(string document)
    {
        Assert.False(HubLinks.Discover([], Encoding.UTF8.GetBytes(document), Base).Pushable);
    }
}
