using System.Text;
using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Core.Tests.Parsing;

/// <summary>The recovery layer: what a person can read is read, and every repair is reported.</summary>
public sealed class FeedRecoveryTests
{
    private static readonly DateTimeOffset _firstSeen = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static FeedParseResult Parse(string xml, string? charset = null) =>
        FeedParser.Parse(Encoding.UTF8.GetBytes(xml), "feed-1", _firstSeen, null, charset);

    [Theory]
    [InlineData("<?xml version=\"1.0\" encoding=\"utf-8\"?>")]
    [InlineData("\uFEFF")]
    public void Parse_InvalidUtf8Bytes_ReplacedAndSaid(string prolog)
    {
        var head = Encoding.UTF8.GetBytes(prolog + "<rss version=\"2.0\"><channel><item><title>Truce ");
        var tail = Encoding.UTF8.GetBytes(" holds</title></item></channel></rss>");
        byte[] bytes = [.. head, 0xC3, 0x28, .. tail];

        var result = FeedParser.Parse(bytes, "feed-1", _firstSeen);

        Assert.Equal("Truce \uFFFD( holds", Assert.Single(result.Articles).Title);
        Assert.Contains("invalid UTF-8 bytes replaced", result.Repairs);
    }

    [Fact]
    public void Parse_UndeclaredBytesThatAreNotUtf8_ReadAsWindows1252()
    {
        byte[] bytes = [.. Encoding.UTF8.GetBytes("<rss version=\"2.0\"><channel><item><title>Truce "), 0xC3, 0x28, .. Encoding.UTF8.GetBytes(" holds</title></item></channel></rss>")];

        var result = FeedParser.Parse(bytes, "feed-1", _firstSeen);

        Assert.Equal("Truce Ã( holds", Assert.Single(result.Articles).Title);
        Assert.Contains("no usable encoding declared and not UTF-8: read as windows-1252", result.Repairs);
    }

    [Fact]
    public void Parse_ValidUtf8_NoRepairSaid()
    {
        var result = Parse("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><item><title>Перемир'я holds</title></item></channel></rss>");

        Assert.Equal("Перемир'я holds", Assert.Single(result.Articles).Title);
        Assert.Empty(result.Repairs);
    }

    [Fact]
    public void Parse_CleanFeed_StatusOkWithoutRepairs()
    {
        var result = Parse("<rss version=\"2.0\"><channel><ttl>90</ttl><item><title>Truce holds</title></item></channel></rss>");

        Assert.Equal("ok", result.Status);
        Assert.Empty(result.Repairs);
        Assert.Equal(TimeSpan.FromMinutes(90), result.Ttl);
    }

    [Fact]
    public void Parse_TruncatedDocument_KeepsTheCompleteItems()
    {
        var result = Parse("""
            <rss version="2.0"><channel><link>https://example.org/</link>
            <item><title>Ceasefire agreed</title><link>https://example.org/a</link><pubDate>Tue, 13 Dec 2016 21:13:06 GMT</pubDate></item>
            <item><title>Talks resume &amp; continue</title><guid>b-2</guid></item>
            <item><title>Cut off in the mid
            """);

        Assert.Equal("recovered", result.Status);
        Assert.Contains(result.Repairs, r => r.Contains("2 items extracted tolerantly", StringComparison.Ordinal));
        Assert.Equal(["Ceasefire agreed", "Talks resume & continue"], result.Articles.Select(a => a.Title));
        Assert.Equal("https://example.org/a", result.Articles[0].Link);
        Assert.Equal(new DateTimeOffset(2016, 12, 13, 21, 13, 6, TimeSpan.Zero), result.Articles[0].Published);
        Assert.Equal("b-2", result.Articles[1].Id);
        Assert.True(result.Articles[1].PublishedIsFirstSeen);
    }

    [Fact]
    public void Parse_UnterminatedCdataAndUndeclaredPrefix_SalvagesItems()
    {
        var result = Parse("""
            <rss version="2.0"><channel>
            <item><itunes:author>x</itunes:author><title>Truce talks</title><description><![CDATA[<p>Both sides met</p>]]></description></item>
            <item><title>Second</title><description><![CDATA[never closed</description></item>
            </channel></rss>
            """);

        Assert.Equal("recovered", result.Status);
        Assert.Equal(["Truce talks", "Second"], result.Articles.Select(a => a.Title));
        Assert.Equal("Both sides met", result.Articles[0].Summary);
        Assert.Equal("never closed", result.Articles[1].Summary);
    }

    [Fact]
    public void Parse_HtmlEntitiesAndBareAmpersand_RepairedAndReported()
    {
        var result = Parse("<rss version=\"2.0\"><channel><item><title>Fish & Chips&nbsp;&mdash; truce</title></item></channel></rss>");

        Assert.Equal("recovered", result.Status);
        Assert.Equal("Fish & Chips \u2014 truce", Assert.Single(result.Articles).Title);
        Assert.Contains("HTML entities and bare '&' escaped", result.Repairs);
    }

    [Fact]
    public void Parse_HttpCharsetOutranksTheDeclaration()
    {
        var bytes = Encoding.GetEncoding("koi8-r").GetBytes("<?xml version=\"1.0\" encoding=\"windows-1251\"?><rss version=\"2.0\"><channel><item><title>Перемирие</title></item></channel></rss>");

        var result = FeedParser.Parse(bytes, "feed-1", _firstSeen, null, "koi8-r");

        Assert.Equal("Перемирие", Assert.Single(result.Articles).Title);
    }

    [Fact]
    public void Parse_UndeclaredCyrillicSingleByte_GuessedNotMangled()
    {
        var bytes = Encoding.GetEncoding(1251).GetBytes("<rss version=\"2.0\"><channel><item><title>Россия и Украина договорились о перемирии на тридцать дней</title></item></channel></rss>");

        var result = FeedParser.Parse(bytes, "feed-1", _firstSeen);

        Assert.Equal("Россия и Украина договорились о перемирии на тридцать дней", Assert.Single(result.Articles).Title);
        Assert.Equal("recovered", result.Status);
    }

    [Fact]
    public void Parse_Utf16WithBom_Reads()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("<?xml version=\"1.0\" encoding=\"utf-16\"?><rss version=\"2.0\"><channel><item><title>Truce</title></item></channel></rss>")).ToArray();

        var result = FeedParser.Parse(bytes, "feed-1", _firstSeen);

        Assert.Equal("ok", result.Status);
        Assert.Equal("Truce", Assert.Single(result.Articles).Title);
    }

    [Fact]
    public void Parse_InternalEntityDeclaration_RejectedWithoutExpansion()
    {
        var result = Parse("<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]><rss version=\"2.0\"><channel><item><title>&b;</title></item></channel></rss>");

        Assert.Equal("rejected", result.Status);
        Assert.Equal("DTD entity declarations are not allowed", result.Error);
    }

    [Fact]
    public void Parse_MediaDescriptionBeforeDescription_ItemsOwnDescriptionWins()
    {
        var result = Parse("<rss version=\"2.0\" xmlns:media=\"http://search.yahoo.com/mrss/\"><channel><item><title>Truce</title><media:description>Photo caption</media:description><description>The report itself</description></item></channel></rss>");

        Assert.Equal("The report itself", Assert.Single(result.Articles).Summary);
    }

    [Fact]
    public void Parse_InlineMarkupBeforePunctuation_NoStraySpace()
    {
        var result = Parse("<rss version=\"2.0\"><channel><item><title>t</title><description>&lt;p&gt;&lt;a href=\"x\"&gt;Jane Doe&lt;/a&gt;: the truce &lt;em&gt;holds&lt;/em&gt;.&lt;/p&gt;&lt;p&gt;Next&lt;/p&gt;</description></item></channel></rss>");

        Assert.Equal("Jane Doe: the truce holds. Next", Assert.Single(result.Articles).Summary);
    }
}
