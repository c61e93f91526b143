using NewsWatcher.Core.Delivery;
using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Core.Tests.Delivery;

public sealed class MailTextTests
{
    [Theory]
    [InlineData("Truce\r\nBcc: all@example.org", "Truce Bcc: all@example.org")]
    [InlineData("  a \t b  ", "a b")]
    [InlineData("a\0b", "a b")]
    [InlineData("a\u2028\u2029b", "a b")]
    [InlineData("a\u0085b", "a b")]
    [InlineData("zero\u200Bwidth\uFFFE", "zero\u200Bwidth\uFFFE")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void SingleLine_ControlsAndWhitespace_OneSpaceBetweenWordsAndTrimmed(string? text, string expected)
    {
        Assert.Equal(expected, MailText.SingleLine(text));
    }

    [Theory]
    [InlineData("  Truce \u00A0 declared\n", "Truce declared", "Truce declared")]
    [InlineData("x\u0008y", "xy", "x y")]
    public void SingleLine_AgainstArticleCollapsing_SameWhitespaceRuleControlsSeparateInsteadOfVanishing(string text, string article, string oneLine)
    {
        Assert.Equal((article, oneLine), (PlainText.CollapseWhitespace(text), MailText.SingleLine(text)));
    }
}
