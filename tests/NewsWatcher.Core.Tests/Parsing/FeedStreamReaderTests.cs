using System.Text;
using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Core.Tests.Parsing;

/// <summary>The one-pass reading of well-formed feeds: it must read exactly what the document model it replaced read.</summary>
public sealed class FeedStreamReaderTests
{
    private static readonly DateTimeOffset _firstSeen = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static FeedParseResult Parse(string xml, Uri? baseUri = null) =>
        FeedParser.Parse(Encoding.UTF8.GetBytes(xml), "feed-1", _firstSeen, baseUri);

    [Fact]
    public void Parse_XhtmlContentWithPrefixFromTheRoot_KeepsItsStructure()
    {
        var result = Parse("""
            <feed xmlns="http://www.w3.org/2005/Atom" xmlns:xh="http://www.w3.org/1999/xhtml">
              <entry>
                <title>Truce</title><id>tag:1</id>
                <summary type="xhtml"><xh:div><xh:p>Both sides <xh:b>agreed</xh:b>.</xh:p><xh:p>Talks &amp; more</xh:p></xh:div></summary>
              </entry>
            </feed>
            """);

        Assert.Equal("ok", result.Status);
        // The prefixed tags are serialised with their prefix, as inside the whole document: none of them is an inline tag.
        Assert.Equal("Both sides agreed . Talks & more", Assert.Single(result.Articles).Summary);
    }

    [Fact]
    public void Parse_XmlBaseOnRootChannelAndItem_ResolvesRelativeLinksInOrder()
    {
        var result = Parse("""
            <rss xml:base="https://root.example/a/"><channel xml:base="b/"><link>https://ignored.example/</link>
            <item xml:base="c/"><title>x</title><link>story</link></item>
            <item><title>y</title><link>/top</link></item>
            </channel></rss>
            """);

        Assert.Equal(["https://root.example/a/b/c/story", "https://root.example/top"], result.Articles.Select(a => a.Link));
    }

    [Fact]
    public void Parse_DescriptionThenContent_SummaryIsTheDescription()
    {
        var result = Parse("""
            <rss xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
            <item><title>x</title><description>Short</description><content:encoded><![CDATA[<p>Long body</p>]]></content:encoded></item>
            <item><title>y</title><description> </description><content:encoded><![CDATA[<p>Body only</p>]]></content:encoded></item>
            </channel></rss>
            """);

        Assert.Equal(["Short", "Body only"], result.Articles.Select(a => a.Summary));
    }

    [Fact]
    public void Parse_AtomSummaryThenContent_SummaryIsTheSummary()
    {
        var result = Parse("""
            <feed xmlns="http://www.w3.org/2005/Atom"><entry><title>x</title><id>1</id><summary>Gist</summary><content type="html">&lt;p&gt;Full text&lt;/p&gt;</content></entry></feed>
            """);

        Assert.Equal("Gist", Assert.Single(result.Articles).Summary);
    }

    [Fact]
    public void Parse_ErrorAfterTheRootElement_GoesThroughRecovery()
    {
        var result = Parse("<rss><channel><item><title>Kept</title><guid>k-1</guid></item></channel></rss><trailing");

        Assert.Equal("recovered", result.Status);
        Assert.Contains(result.Repairs, r => r.Contains("1 items extracted tolerantly", StringComparison.Ordinal));
        Assert.Equal("Kept", Assert.Single(result.Articles).Title);
    }

    [Fact]
    public void Parse_ItemsInEveryPlaceTheyCount_ReadInDocumentOrder()
    {
        var result = Parse("""
            <rss><channel><ttl>45</ttl><item><title>first</title></item></channel>
            <item><title>at the root</title></item><entry><title>entry at the root</title></entry>
            <channel><item><title>second channel</title></item><ttl>5</ttl></channel>
            <other><item><title>not an item here</title></item></other></rss>
            """);

        Assert.Equal(["first", "at the root", "entry at the root", "second channel"], result.Articles.Select(a => a.Title));
        Assert.Equal(TimeSpan.FromMinutes(45), result.Ttl);
    }

    [Fact]
    public void Parse_WhitespaceOnlyChildInTheItemsNamespace_HidesAForeignOne()
    {
        var result = Parse("""<rss xmlns:m="urn:m"><channel><item><m:title>foreign</m:title><title> </title><link>https://example.org/a</link></item><item><m:title>only foreign</m:title><link>https://example.org/b</link></item></channel></rss>""");

        Assert.Equal(["", "only foreign"], result.Articles.Select(a => a.Title));
    }
}
