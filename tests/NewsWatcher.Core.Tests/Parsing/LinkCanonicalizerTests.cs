using System.Text.RegularExpressions;
using NewsWatcher.Core.Parsing;
using NewsWatcher.Testing;

namespace NewsWatcher.Core.Tests.Parsing;

public sealed class LinkCanonicalizerTests
{
    [Theory]
    [InlineData("HTTPS://Example.COM:443/News/Item?id=7#comments", "https://example.com/News/Item?id=7")]
    [InlineData("http://example.com:80/a", "http://example.com/a")]
    [InlineData("http://example.com:8080/a", "http://example.com:8080/a")]
    [InlineData("https://example.com/a?utm_source=rss&id=1&fbclid=x&b=2&gclid=y&mc_cid=1&mc_eid=2&ocid=3&cmpid=4&utm_medium=feed", "https://example.com/a?id=1&b=2")]
    [InlineData("https://example.com/a?utm_source=rss", "https://example.com/a")]
    [InlineData("  https://example.com/a  ", "https://example.com/a")]
    [InlineData("https://www.BBC.co.uk/news/world-europe-123/?at_medium=RSS&at_campaign=rss", "https://www.bbc.co.uk/news/world-europe-123")]
    [InlineData("https://example.com/", "https://example.com/")]
    [InlineData("https://example.com", "https://example.com/")]
    [InlineData("https://example.com/a/?msclkid=1&utm_content=x&page=2#top", "https://example.com/a?page=2")]
    public void Canonicalize_AbsoluteUrl_Normalises(string url, string expected)
    {
        Assert.Equal(expected, LinkCanonicalizer.Canonicalize(url, null));
    }

    [Theory]
    [InlineData("https://example.com/news/2025/06/truce-holds.html")]
    [InlineData("https://Example.com/a")]
    [InlineData("https://example.com")]
    [InlineData("https://example.com/")]
    [InlineData("https://example.com/a/")]
    [InlineData("http://example.com:80/a")]
    [InlineData("https://user@example.com/a")]
    [InlineData("https://example.com/a?utm_source=x")]
    [InlineData("https://example.com/a#frag")]
    [InlineData("https://example.com/a%20b")]
    [InlineData("https://example.com/a%41b")]
    [InlineData("https://example.com/a/../b")]
    [InlineData("https://example.com/a/./b")]
    [InlineData("https://example.com//a")]
    [InlineData("http://2130706433/a")]
    [InlineData("http://127.0.0.1/a")]
    [InlineData("http://0x7f.0.0.1/a")]
    [InlineData("http://1.2.3.0x4/a")]
    [InlineData("https://a..b/x")]
    [InlineData("https://-a.com/x")]
    [InlineData("https://a-.com/x")]
    [InlineData("https://xn--80ak6aa92e.com/x")]
    [InlineData("https://example.com/a(b)")]
    [InlineData("https://example.com/a b")]
    [InlineData("https://example.com/Ünïcode")]
    [InlineData("https://example.com/path;p=1,2+3!$&=x")]
    [InlineData("https://example.com/@user/post:1")]
    [InlineData("HTTPS://example.com/a")]
    [InlineData("https://example.com./a")]
    [InlineData("https://example.com/a\\b")]
    [InlineData("https://localhost/a")]
    [InlineData("ftp://example.com/a")]
    public void Canonicalize_PlainLinkShortcut_SameAsParsingTheLink(string url)
    {
        Assert.Equal(LinkCanonicalizer.CanonicalizeWithUri(url, null), LinkCanonicalizer.Canonicalize(url, null));
    }

    [Fact]
    public void Canonicalize_EveryCorpusLinkTheShortcutTakes_SameAsParsingTheLink()
    {
        Corpus.Require("feeds");
        var links = Corpus.Files("feeds")
            .SelectMany(f => Regex.Matches(File.ReadAllText(Corpus.Require(f)), @"https?://[^\s""'<>\]\[]+"))
            .Select(m => m.Value)
            .Distinct(StringComparer.Ordinal)
            .ToList();

        var shortcut = links.Where(LinkCanonicalizer.IsAlreadyCanonical).ToList();

        Assert.True(shortcut.Count > 1000, $"only {shortcut.Count} of {links.Count} corpus links take the shortcut");
        Assert.All(shortcut, link => Assert.Equal(link, LinkCanonicalizer.CanonicalizeWithUri(link, null)));
    }

    [Theory]
    [InlineData("/news/1", "https://example.org/feeds/rss", "https://example.org/news/1")]
    [InlineData("item/2", "https://example.org/feeds/", "https://example.org/feeds/item/2")]
    public void Canonicalize_RelativeUrl_ResolvesAgainstBase(string url, string baseUri, string expected)
    {
        Assert.Equal(expected, LinkCanonicalizer.Canonicalize(url, new Uri(baseUri)));
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("mailto:a@example.com")]
    [InlineData("ftp://example.com/file")]
    [InlineData("file:///etc/passwd")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("/relative/without/base")]
    public void Canonicalize_NotHttp_ReturnsNull(string? url)
    {
        Assert.Null(LinkCanonicalizer.Canonicalize(url, null));
    }
}
