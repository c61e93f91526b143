using System.Text;
using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Core.Tests.Parsing;

/// <summary>How long a feed asks readers to wait between polls: RSS &lt;ttl&gt; and the RSS 1.0 syndication module.</summary>
public sealed class PublisherWaitTests
{
    private const string Sy = "http://purl.org/rss/1.0/modules/syndication/";

    private static TimeSpan? Wait(string xml) =>
        FeedParser.Parse(Encoding.UTF8.GetBytes(xml), "feed-1", new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero)).Ttl;

    private static string Rss2(string channel) =>
        $"<rss version=\"2.0\" xmlns:sy=\"{Sy}\"><channel>{channel}<item><guid>a</guid><title>Truce</title></item></channel></rss>";

    [Theory]
    [InlineData("<sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency>", 30)]
    [InlineData("<sy:updatePeriod>hourly</sy:updatePeriod>", 60)]
    [InlineData("<sy:updatePeriod> daily </sy:updatePeriod><sy:updateFrequency>4</sy:updateFrequency>", 360)]
    [InlineData("<sy:updateFrequency>2</sy:updateFrequency>", 720)] // the period defaults to daily
    [InlineData("<sy:updatePeriod>weekly</sy:updatePeriod>", 7 * 24 * 60)]
    [InlineData("<ttl>45</ttl><sy:updatePeriod>hourly</sy:updatePeriod>", 60)] // the longer wins
    [InlineData("<ttl>90</ttl><sy:updatePeriod>hourly</sy:updatePeriod>", 90)]
    [InlineData("<ttl>90</ttl><sy:updatePeriod>monthly</sy:updatePeriod>", 90)] // beyond a week: ignored, the ttl holds
    public void Parse_ChannelNamesAnUpdatePeriod_WaitIsThePeriodOverTheFrequency(string channel, int minutes)
    {
        Assert.Equal(TimeSpan.FromMinutes(minutes), Wait(Rss2(channel)));
    }

    [Theory]
    [InlineData("<sy:updatePeriod>fortnightly</sy:updatePeriod>")]
    [InlineData("<sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>0</sy:updateFrequency>")]
    [InlineData("<sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>-3</sy:updateFrequency>")]
    [InlineData("<sy:updatePeriod>yearly</sy:updatePeriod>")]
    [InlineData("<updatePeriod>hourly</updatePeriod>")] // not the syndication module's namespace
    public void Parse_NonsenseOrForeignUpdatePeriod_Ignored(string channel)
    {
        Assert.Null(Wait(Rss2(channel)));
    }

    [Fact]
    public void Parse_UpdatePeriodOnAnItem_NotTheChannels()
    {
        Assert.Null(Wait($"<rss xmlns:sy=\"{Sy}\"><channel><item><guid>a</guid><title>T</title><sy:updatePeriod>daily</sy:updatePeriod></item></channel></rss>"));
    }

    [Fact]
    public void Parse_Rss10ChannelBesideItsItems_UpdatePeriodRead()
    {
        var xml = $"""
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:syn="{Sy}">
              <channel rdf:about="https://example.org/"><title>T</title><syn:updatePeriod>hourly</syn:updatePeriod><syn:updateFrequency>6</syn:updateFrequency></channel>
              <item rdf:about="https://example.org/a"><title>Truce</title><link>https://example.org/a</link></item>
            </rdf:RDF>
            """;

        Assert.Equal(TimeSpan.FromMinutes(10), Wait(xml));
    }

    [Fact]
    public void Parse_AtomFeedRootNamesAnUpdatePeriod_WaitIsThePeriodOverTheFrequency()
    {
        var xml = $"""
            <feed xmlns="http://www.w3.org/2005/Atom" xmlns:sy="{Sy}">
              <title>Desk</title><id>urn:example:desk</id><updated>2025-06-01T11:00:00Z</updated>
              <sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>4</sy:updateFrequency>
              <entry><id>urn:example:a</id><title>Truce holds</title><updated>2025-06-01T10:00:00Z</updated></entry>
            </feed>
            """;

        Assert.Equal(TimeSpan.FromMinutes(15), Wait(xml));
    }

    [Fact]
    public void Parse_UpdatePeriodInsideAnAtomEntry_NotTheFeeds()
    {
        var xml = $"""
            <feed xmlns="http://www.w3.org/2005/Atom" xmlns:sy="{Sy}">
              <title>Desk</title><id>urn:example:desk</id><updated>2025-06-01T11:00:00Z</updated>
              <entry><id>urn:example:a</id><title>Truce holds</title><updated>2025-06-01T10:00:00Z</updated><sy:updatePeriod>daily</sy:updatePeriod></entry>
            </feed>
            """;

        Assert.Null(Wait(xml));
    }
}
