using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Core.Tests.Parsing;

public sealed class PlainTextTests
{
    [Theory]
    [InlineData("<p>Truce <b>declared</b></p>", "Truce declared")]
    [InlineData("line one<br/>line two", "line one line two")]
    [InlineData("before<script>alert('x')</script>after", "before after")]
    [InlineData("a<style>p { color: red }</style>b", "a b")]
    [InlineData("keep <!-- hidden --> this", "keep this")]
    [InlineData("&lt;p&gt;Item Title&lt;/p&gt;", "Item Title")]
    [InlineData("unclosed <a href=\"x\"", "unclosed")]
    public void HtmlToText_Markup_StripsTagsAndDropsScriptContent(string html, string expected)
    {
        Assert.Equal(expected, PlainText.HtmlToText(html));
    }

    [Theory]
    [InlineData("Tom&nbsp;&amp;&nbsp;Jerry", "Tom & Jerry")]
    [InlineData("don&#8217;t", "don\u2019t")]
    [InlineData("caf&eacute; &#x41;&quot;", "café A\"")]
    [InlineData("5 &lt; 6", "5 < 6")]
    [InlineData("don\u0092t", "don\u2019t")]
    public void HtmlToText_Entities_AreDecoded(string html, string expected)
    {
        Assert.Equal(expected, PlainText.HtmlToText(html));
    }

    [Theory]
    [InlineData("  a \t\r\n b\u00A0\u00A0c  ", "a b c")]
    [InlineData("\n\n", "")]
    [InlineData("x\u0008y", "xy")]
    [InlineData("a  b", "a b")]
    [InlineData(" a b ", "a b")]
    [InlineData("a b  ", "a b")]
    [InlineData("x  \n  y", "x y")]
    [InlineData("a\u00A0 b", "a b")]
    [InlineData("Київ  і  Москва , mid-word", "Київ і Москва , mid-word")]
    [InlineData(" ", "")]
    [InlineData("a", "a")]
    [InlineData("one two three   four five six seven eight nine ten eleven twelve  thirteen", "one two three four five six seven eight nine ten eleven twelve thirteen")]
    [InlineData("tab\tafter del\u007F and\u200Bzero", "tab after del and zero")]
    public void CollapseWhitespace_Runs_BecomeOneSpaceAndTrimmed(string text, string expected)
    {
        Assert.Equal(expected, PlainText.CollapseWhitespace(text));
    }

    [Fact]
    public void CollapseWhitespace_CleanText_ReturnedAsItIs()
    {
        var text = "Ukraine and Russia agree a 30-day truce, officials say.";

        Assert.Same(text, PlainText.CollapseWhitespace(text));
    }

    [Fact]
    public void HtmlToText_Null_ReturnsEmpty()
    {
        Assert.Equal(string.Empty, PlainText.HtmlToText(null));
    }

    [Fact]
    public void Truncate_LongText_CutsAtWordBoundaryWithEllipsis()
    {
        var text = string.Join(' ', Enumerable.Repeat("ceasefire", 200));

        var cut = PlainText.Truncate(text, 100);

        Assert.True(cut.Length <= 100, cut);
        Assert.EndsWith("ceasefire…", cut, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncate_ShortText_IsUnchanged()
    {
        Assert.Equal("short", PlainText.Truncate("short", 100));
    }
}
