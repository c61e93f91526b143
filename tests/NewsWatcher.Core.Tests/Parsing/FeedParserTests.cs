using System.IO.Compression;
using System.Text;
using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Core.Tests.Parsing;

public sealed class FeedParserTests
{
    private static readonly DateTimeOffset _firstSeen = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static FeedParseResult Parse(string xml, Uri? baseUri = null) =>
        FeedParser.Parse(Encoding.UTF8.GetBytes(xml), "feed-1", _firstSeen, baseUri);

    private static string Rss(string items) => $"<rss version=\"2.0\"><channel><title>t</title><link>https://example.org/</link>{items}</channel></rss>";

    [Fact]
    public void Parse_EmptyBody_FailsWithReason()
    {
        var result = FeedParser.Parse([], "feed-1", _firstSeen);

        Assert.False(result.Succeeded);
        Assert.Equal("empty body", result.Error);
    }

    [Fact]
    public void Parse_Rss20Item_NormalisesEveryField()
    {
        var result = Parse(Rss("""
            <item>
              <title>Truce &amp;amp; talks</title>
              <link>HTTPS://News.Example.COM/a?id=1&amp;utm_source=rss#top</link>
              <guid isPermaLink="false">  abc-123  </guid>
              <description>&lt;p&gt;Both sides &lt;b&gt;agreed&lt;/b&gt;&amp;nbsp;today&lt;/p&gt;</description>
              <pubDate>Tue, 13 Dec 2016 21:13:06 +0100</pubDate>
            </item>
            """));

        Assert.True(result.Succeeded, result.Error);
        var article = Assert.Single(result.Articles);
        Assert.Equal("abc-123", article.Id);
        Assert.Equal("feed-1", article.FeedId);
        Assert.Equal("Truce & talks", article.Title);
        Assert.Equal("Both sides agreed today", article.Summary);
        Assert.Equal("https://news.example.com/a?id=1", article.Link);
        Assert.Equal(new DateTimeOffset(2016, 12, 13, 20, 13, 6, TimeSpan.Zero), article.Published);
        Assert.Equal(TimeSpan.Zero, article.Published.Offset);
        Assert.False(article.PublishedIsFirstSeen);
    }

    [Fact]
    public void Parse_NoGuid_UsesCanonicalLinkAsId()
    {
        var result = Parse(Rss("<item><title>a</title><link>https://example.org/x?utm_campaign=y</link></item>"));

        Assert.Equal("https://example.org/x", Assert.Single(result.Articles).Id);
    }

    [Fact]
    public void Parse_NoGuidNoLink_UsesDeterministicContentHash()
    {
        var xml = Rss("<item><title>Only a title</title><description>text</description></item>");

        var first = Assert.Single(Parse(xml).Articles).Id;
        var second = Assert.Single(Parse(xml).Articles).Id;

        Assert.Equal(first, second);
        Assert.Matches("^sha256:[0-9a-f]{64}$", first);
    }

    [Fact]
    public void Parse_DuplicateGuids_KeepsFirst()
    {
        var result = Parse(Rss("<item><title>one</title><guid>g</guid></item><item><title>two</title><guid>g</guid></item>"));

        Assert.Equal("one", Assert.Single(result.Articles).Title);
    }

    [Fact]
    public void Parse_ItemWithNothingToShow_IsSkipped()
    {
        var result = Parse(Rss("<item><guid>only-an-id</guid></item><item><title>kept</title></item>"));

        Assert.Equal("kept", Assert.Single(result.Articles).Title);
    }

    [Fact]
    public void Parse_NoDate_UsesFirstSeen()
    {
        var article = Assert.Single(Parse(Rss("<item><title>a</title></item>")).Articles);

        Assert.Equal(_firstSeen, article.Published);
        Assert.True(article.PublishedIsFirstSeen);
    }

    [Fact]
    public void Parse_DateFarInFuture_ClampedToFirstSeen()
    {
        var article = Assert.Single(Parse(Rss("<item><title>a</title><pubDate>Sat, 15 Feb 2031 10:00:00 +0000</pubDate></item>")).Articles);

        Assert.Equal(_firstSeen, article.Published);
        Assert.True(article.PublishedIsFirstSeen);
    }

    [Fact]
    public void Parse_DateWithinOneDayAhead_IsKept()
    {
        var article = Assert.Single(Parse(Rss("<item><title>a</title><pubDate>Sun, 01 Jun 2025 20:00:00 +0000</pubDate></item>")).Articles);

        Assert.Equal(new DateTimeOffset(2025, 6, 1, 20, 0, 0, TimeSpan.Zero), article.Published);
        Assert.False(article.PublishedIsFirstSeen);
    }

    [Fact]
    public void Parse_AtomEntryWithOnlyUpdated_UsesUpdated()
    {
        var result = Parse("""
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://example.org/blog/">
              <title>t</title>
              <entry>
                <id> tag:example.org,2024:1 </id>
                <title type="html">A &lt;em&gt;deal&lt;/em&gt;</title>
                <link rel="alternate" href="posts/1"/>
                <updated>2024-03-01T10:00:00+02:00</updated>
                <summary>s</summary>
              </entry>
            </feed>
            """);

        var article = Assert.Single(result.Articles);
        Assert.Equal("tag:example.org,2024:1", article.Id);
        Assert.Equal("A deal", article.Title);
        Assert.Equal("https://example.org/blog/posts/1", article.Link);
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 8, 0, 0, TimeSpan.Zero), article.Published);
    }

    [Fact]
    public void Parse_StandaloneAtomEntryDocument_ReadAsOneItem()
    {
        var result = Parse("""
            <?xml version="1.0" encoding="utf-8"?>
            <entry xmlns="http://www.w3.org/2005/Atom">
              <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
              <title>Truce holds along the front line</title>
              <link href="/world/truce-holds"/>
              <updated>2025-05-30T18:30:02Z</updated>
              <summary type="html">&lt;p&gt;Both sides report a quiet night.&lt;/p&gt;</summary>
            </entry>
            """, new Uri("https://news.example.org/atom/entry-1"));

        Assert.True(result.Succeeded, result.Error);
        var article = Assert.Single(result.Articles);
        Assert.Equal("urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a", article.Id);
        Assert.Equal("Truce holds along the front line", article.Title);
        Assert.Equal("Both sides report a quiet night.", article.Summary);
        Assert.Equal("https://news.example.org/world/truce-holds", article.Link);
        Assert.Equal(new DateTimeOffset(2025, 5, 30, 18, 30, 2, TimeSpan.Zero), article.Published);
    }

    [Fact]
    public void Parse_BrokenStandaloneAtomEntryDocument_ItemRecovered()
    {
        var result = Parse("""
            <entry xmlns="http://www.w3.org/2005/Atom">
              <id>tag:example.org,2025:7</id>
              <title>Cease-fire talks resume</title>
              <link href="https://example.org/talks"/>
              <summary>Talks <b>resume & continue</summary>
            </entry>
            """);

        Assert.True(result.Succeeded, result.Error);
        var article = Assert.Single(result.Articles);
        Assert.Equal("Cease-fire talks resume", article.Title);
        Assert.Equal("https://example.org/talks", article.Link);
    }

    [Fact]
    public void Parse_RelativeLink_ResolvedAgainstBaseUri()
    {
        var result = Parse("<rss version=\"2.0\"><channel><title>t</title><item><title>a</title><link>/news/1</link></item></channel></rss>", new Uri("https://feeds.example.net/rss"));

        Assert.Equal("https://feeds.example.net/news/1", Assert.Single(result.Articles).Link);
    }

    [Fact]
    public void Parse_JavascriptLink_DroppedToNull()
    {
        var result = Parse(Rss("<item><title>a</title><link>javascript:alert(1)</link></item>"));

        Assert.Null(Assert.Single(result.Articles).Link);
    }

    [Fact]
    public void Parse_LongDescription_CappedWithEllipsis()
    {
        var words = string.Join(' ', Enumerable.Repeat("ceasefire", 500));

        var article = Assert.Single(Parse(Rss($"<item><title>a</title><description>{words}</description></item>")).Articles);

        Assert.True(article.Summary.Length <= FeedParser.MaxSummaryLength + 1);
        Assert.EndsWith("…", article.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MegabyteTitle_CutAtWordBoundaryAndMarked()
    {
        var title = "Kremlin rejects US-proposed 30-day cease-fire " + string.Concat(Enumerable.Repeat("truce Russia ", 242_000));

        var result = Parse(Rss($"<item><guid>k1</guid><title>{title}</title><link>https://example.org/k1</link></item>"));

        var article = Assert.Single(result.Articles);
        Assert.InRange(article.Title.Length, FeedParser.MaxTitleLength / 2, FeedParser.MaxTitleLength);
        Assert.StartsWith("Kremlin rejects US-proposed 30-day cease-fire truce Russia", article.Title, StringComparison.Ordinal);
        Assert.EndsWith("…", article.Title, StringComparison.Ordinal);
        Assert.Matches(@"(truce|Russia)…$", article.Title);
        Assert.Contains(result.Repairs, r => r.Contains("1 items had a title, link or guid over the length limits", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_SummaryBeyondTheRawReadLimit_OnlyItsHeadIsReadAndItIsMarkedCut()
    {
        // Markup-heavy enough that the text of the part read is shorter than the limit: it must still say it was cut.
        var summary = "&lt;p&gt;Truce holds.&lt;/p&gt;" + string.Concat(Enumerable.Repeat("&lt;span style=&quot;x&quot;&gt;&lt;/span&gt;", 20_000)) + " tail-word-never-read";

        var article = Assert.Single(Parse(Rss($"<item><title>a</title><description>{summary}</description></item>")).Articles);

        Assert.Equal("Truce holds.…", article.Summary);
    }

    [Fact]
    public void Parse_TitleExactlyAtTheLimit_KeptWhole()
    {
        var title = new string('x', 10) + string.Concat(Enumerable.Repeat(" truce", (FeedParser.MaxTitleLength - 10) / 6));

        var result = Parse(Rss($"<item><title>{title}</title><link>https://example.org/a</link></item>"));

        Assert.Equal(title, Assert.Single(result.Articles).Title);
        Assert.Empty(result.Repairs);
    }

    [Fact]
    public void Parse_LinkLongerThanTheLimit_DroppedNotCut()
    {
        var link = "https://example.org/a?q=" + new string('x', FeedParser.MaxLinkLength);

        var article = Assert.Single(Parse(Rss($"<item><guid>g</guid><title>Truce agreed</title><link>{link}</link></item>")).Articles);

        Assert.Null(article.Link);
        Assert.Equal("g", article.Id);
    }

    [Fact]
    public void Parse_OverlongGuid_ReplacedByAStableHash()
    {
        var guid = new string('g', FeedParser.MaxIdLength + 1);
        var xml = Rss($"<item><guid isPermaLink=\"false\">{guid}</guid><title>Truce agreed</title></item>");

        var first = Assert.Single(Parse(xml).Articles);
        var second = Assert.Single(Parse(xml).Articles);

        Assert.StartsWith("sha256:", first.Id, StringComparison.Ordinal);
        Assert.Equal(first.Id, second.Id);
        Assert.True(first.Id.Length < FeedParser.MaxIdLength);
    }

    [Fact]
    public void Parse_EntityDeclaration_Rejected()
    {
        var result = Parse("<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x \"y\">]><rss version=\"2.0\"><channel><item><title>&x;</title></item></channel></rss>");

        Assert.Equal("DTD entity declarations are not allowed", result.Error);
    }

    [Fact]
    public void Parse_PlainDoctype_StrippedAndParsed()
    {
        var result = Parse("<?xml version=\"1.0\"?>\n<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\" \"http://my.netscape.com/publish/formats/rss-0.91.dtd\">\n<rss version=\"0.91\"><channel><title>t</title><item><title>a&nbsp;b</title><link>http://example.org/</link></item></channel></rss>");

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("a b", Assert.Single(result.Articles).Title);
    }

    [Fact]
    public void Parse_HtmlPage_RejectedAsNotAFeed()
    {
        var result = Parse("<!DOCTYPE html><html><head><title>x</title></head><body><p>hi</p></body></html>");

        Assert.Equal("not a feed: root element <html>", result.Error);
    }

    [Fact]
    public void Parse_BrokenXml_ReportsLine()
    {
        var result = Parse("<rss version=\"2.0\">\n<channel>\n<item><title>a</title>");

        Assert.False(result.Succeeded);
        Assert.Matches("^not XML: [^\\n]* at line 3$", result.Error);
        Assert.DoesNotContain("position", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BareAmpersandAndHtmlEntity_Recovered()
    {
        var result = Parse(Rss("<item><title>Tom & Jerry&nbsp;&eacute;</title></item>"));

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("Tom & Jerry é", Assert.Single(result.Articles).Title);
    }

    [Fact]
    public void Parse_LeadingWhitespaceBeforeDeclaration_Recovered()
    {
        var result = Parse("\n\n  <?xml version=\"1.0\" encoding=\"utf-8\"?>" + Rss("<item><title>a</title></item>"));

        Assert.Single(result.Articles);
    }

    [Fact]
    public void Parse_GzipBody_Decompressed()
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(Rss("<item><title>zipped</title></item>")));
        }

        var result = FeedParser.Parse(buffer.ToArray(), "feed-1", _firstSeen);

        Assert.Equal("zipped", Assert.Single(result.Articles).Title);
    }

    [Theory]
    [InlineData("utf-16LE")]
    [InlineData("utf-16BE")]
    public void Parse_Utf16WithBom_DecodesText(string encodingName)
    {
        var encoding = Encoding.GetEncoding(encodingName);
        var xml = "<?xml version=\"1.0\" encoding=\"utf-16\"?>" + Rss("<item><title>Перемирие</title></item>");
        byte[] bytes = [.. encoding.GetPreamble(), .. encoding.GetBytes(xml)];
        Assert.NotEmpty(encoding.GetPreamble());

        var result = FeedParser.Parse(bytes, "feed-1", _firstSeen);

        Assert.Equal("Перемирие", Assert.Single(result.Articles).Title);
    }

    [Fact]
    public void Parse_DeclaredWindows1251_DecodesCyrillic()
    {
        var prefix = Encoding.ASCII.GetBytes("<?xml version=\"1.0\" encoding=\"windows-1251\"?><rss version=\"2.0\"><channel><item><title>");
        byte[] title = [0xCC, 0xE8, 0xF0]; // "Мир" in windows-1251
        var suffix = Encoding.ASCII.GetBytes("</title></item></channel></rss>");

        var result = FeedParser.Parse([.. prefix, .. title, .. suffix], "feed-1", _firstSeen);

        Assert.Equal("Мир", Assert.Single(result.Articles).Title);
    }

    [Fact]
    public void Parse_RssWithoutVersionOrChannel_EmptySuccess()
    {
        var result = Parse("<rss>\n</rss>");

        Assert.True(result.Succeeded, result.Error);
        Assert.Empty(result.Articles);
    }

    [Theory]
    [InlineData(new byte[] { 0x00 })]
    [InlineData(new byte[] { 0x1F, 0x8B, 0x08, 0x00 })]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x3C })]
    [InlineData(new byte[] { 0x3C, 0x3C, 0x3C, 0x21, 0x2D, 0x2D })]
    public void Parse_GarbageBytes_FailsWithoutThrowing(byte[] content)
    {
        var result = FeedParser.Parse(content, "feed-1", _firstSeen);

        Assert.False(result.Succeeded);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
    }
}
