using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Core.Tests.Parsing;

public sealed class FeedDateParserTests
{
    [Theory]
    [InlineData("Sun, 17 Dec 2023 00:58:40 -0500", "2023-12-17T05:58:40Z")]
    [InlineData("Tue, 13 Dec 2016 21:13:06 +0000", "2016-12-13T21:13:06Z")]
    [InlineData("Tue, 13 Dec 2016 21:13:06 GMT", "2016-12-13T21:13:06Z")]
    [InlineData("13 Dec 2016 21:13 EST", "2016-12-14T02:13:00Z")]
    [InlineData("Mi, 14 Dez 2016 10:00:00 +0100", "2016-12-14T09:00:00Z")]
    [InlineData("Thurs, 01 Feb 07 08:00:00 PST", "2007-02-01T16:00:00Z")]
    [InlineData("Wed, 01 Jan 99 00:00:00 +0000", "1999-01-01T00:00:00Z")]
    [InlineData("Sat, 06 Oct 2018 10:00:00", "2018-10-06T10:00:00Z")]
    public void TryParse_Rfc822_ReturnsUtcInstant(string text, string expected)
    {
        Assert.True(FeedDateParser.TryParse(text, out var value));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("2006-01-18T12:26:54+01:00", "2006-01-18T11:26:54Z")]
    [InlineData("2014-07-17T05:26:22Z", "2014-07-17T05:26:22Z")]
    [InlineData("2014-07-17T05:26:22.123-07:00", "2014-07-17T12:26:22.123Z")]
    [InlineData("2018-10-06", "2018-10-06T00:00:00Z")]
    public void TryParse_Iso8601_ReturnsUtcInstant(string text, string expected)
    {
        Assert.True(FeedDateParser.TryParse(text, out var value));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("Sat Oct 06 2018 00:00:00 GMT+0200 (Central European Summer Time)", "2018-10-05T22:00:00Z")]
    [InlineData("Sat Oct 06 2018 00:00:00 GMT", "2018-10-06T00:00:00Z")]
    [InlineData("Sat, Dec 16 2023 02:02:33 PM", "2023-12-16T14:02:33Z")]
    public void TryParse_JavaScriptAndMonthFirst_ReturnsUtcInstant(string text, string expected)
    {
        Assert.True(FeedDateParser.TryParse(text, out var value));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("yesterday")]
    [InlineData("Mon, 31 Feb 2020 10:00:00 GMT")]
    [InlineData("Mon, 10 Foo 2020 10:00:00 GMT")]
    public void TryParse_Garbage_ReturnsFalse(string? text)
    {
        Assert.False(FeedDateParser.TryParse(text, out _));
    }
}
