using System.Text;
using NewsWatcher.Core.Parsing;
using NewsWatcher.Core.Tests.Matching;

namespace NewsWatcher.Core.Tests.Parsing;

/// <summary>
/// An aggregator (Google News) appends the outlet to each title ("… - The Moscow Times") and names it in RSS's
/// &lt;source&gt;. The outlet's name is not news: watches and stage cues read the headline without it.
/// </summary>
public sealed class AggregatorOutletTests
{
    private static readonly DateTimeOffset _firstSeen = new(2026, 3, 12, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Parse_RssItemWithSource_KeepsTheTitleAndNamesTheOutlet()
    {
        var rss = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>Google News</title>
            <item><title>Israel accused of violating Gaza truce - The Moscow Times</title><link>https://news.example.org/1</link>
            <source url="https://www.themoscowtimes.com">The Moscow Times</source></item>
            <item><title>Ceasefire holds in Lebanon</title><link>https://news.example.org/2</link></item>
            </channel></rss>
            """;

        var articles = FeedParser.Parse(Encoding.UTF8.GetBytes(rss), "gn", _firstSeen).Articles;

        Assert.Equal("Israel accused of violating Gaza truce - The Moscow Times", articles[0].Title);
        Assert.Equal("The Moscow Times", articles[0].Outlet);
        Assert.Equal("Israel accused of violating Gaza truce", articles[0].Headline);
        Assert.Null(articles[1].Outlet);
        Assert.Equal("Ceasefire holds in Lebanon", articles[1].Headline);
    }

    [Fact]
    public void Parse_AtomEntrySource_IsAFeedsMetadataNotAnOutlet()
    {
        var atom = """
            <?xml version="1.0" encoding="UTF-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom"><title>Planet</title><id>urn:planet</id><updated>2026-03-12T08:00:00Z</updated>
            <entry><title>Truce talks resume - Weekly</title><id>urn:e1</id><updated>2026-03-12T07:00:00Z</updated>
            <source><title>Weekly</title><id>urn:weekly</id><updated>2026-03-12T06:00:00Z</updated></source></entry>
            </feed>
            """;

        var article = Assert.Single(FeedParser.Parse(Encoding.UTF8.GetBytes(atom), "planet", _firstSeen).Articles);

        Assert.Equal("Truce talks resume - Weekly", article.Title);
        Assert.Null(article.Outlet);
        Assert.Equal(article.Title, article.Headline);
    }

    [Theory]
    [InlineData("Truce holds - Reuters", "Reuters", "Truce holds")]
    [InlineData("Truce holds – Reuters", "Reuters", "Truce holds")]
    [InlineData("Truce holds — reuters.com", "reuters.com", "Truce holds")]
    [InlineData("Truce holds | Reuters", " Reuters ", "Truce holds")]
    [InlineData("Truce holds in Reuters country", "Reuters", "Truce holds in Reuters country")]
    [InlineData("Truce-holds-Reuters", "Reuters", "Truce-holds-Reuters")]
    [InlineData(" - Reuters", "Reuters", " - Reuters")]
    [InlineData("Truce holds - Reuters", null, "Truce holds - Reuters")]
    public void HeadlineOf_DropsOnlyASeparatedOutletAtTheEnd(string title, string? outlet, string headline) =>
        Assert.Equal(headline, Article.HeadlineOf(title, outlet));

    /// <summary>The outlet's name once made an urgent Russia–Ukraine alert of a Gaza story.</summary>
    [Fact]
    public void Match_ShippedWatches_OutletNameIsNotAParty()
    {
        var watches = ShippedStages.Watches;
        const string title = "Israel accused of violating Gaza truce - The Moscow Times";

        var asNamed = watches.Match(new Article("a", "gn", title, string.Empty, null, _firstSeen, Outlet: "The Moscow Times"));
        var unnamed = watches.Match(new Article("a", "gn", title, string.Empty, null, _firstSeen));

        Assert.Contains(asNamed, m => m.WatchId == "ceasefire-violation");
        Assert.DoesNotContain(asNamed, m => m.WatchId.StartsWith("ru-ua-", StringComparison.Ordinal));
        Assert.Contains(unnamed, m => m.WatchId == "ru-ua-truce-violated");
    }
}
