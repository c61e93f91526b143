using NewsWatcher.Core.Configuration;

namespace NewsWatcher.Core.Tests.Configuration;

public sealed class FeedsFileTests
{
    private const string Path = "config/feeds.yaml";

    [Fact]
    public void Parse_ValidFeeds_AppliesDefaults()
    {
        const string yaml = """
            feeds:
              - id: bbc
                url: https://feeds.bbci.co.uk/news/world/rss.xml
                interval: 15m
              - id: local
                url: ./samples/demo.xml
                name: Demo
                interval: "00:01:30"
                enabled: false
              - id: slow
                url: http://example.org/feed
                interval: 1h30m
            """;

        var feeds = FeedsFile.Parse(yaml, Path);

        Assert.Equal(3, feeds.Count);
        Assert.Equal(("bbc", TimeSpan.FromMinutes(15), true, 2), (feeds[0].Name, feeds[0].Interval, feeds[0].Enabled, feeds[0].Line));
        Assert.Equal(("Demo", TimeSpan.FromSeconds(90), false), (feeds[1].Name, feeds[1].Interval, feeds[1].Enabled));
        Assert.Equal(TimeSpan.FromMinutes(90), feeds[2].Interval);
    }

    [Fact]
    public void Parse_AdaptiveOnlyWhenAsked_OthersPinnedToTheirInterval()
    {
        const string yaml = """
            feeds:
              - id: plain
                url: https://example.org/a
              - id: learns
                url: https://example.org/b
                adaptive: true
                max_interval: 30m
              - id: pinned
                url: https://example.org/c
                adaptive: false
            """;

        var feeds = FeedsFile.Parse(yaml, Path);

        Assert.Equal([false, true, false], feeds.Select(f => f.Adaptive));
        Assert.Equal(TimeSpan.FromMinutes(30), feeds[1].MaxInterval);
    }

    [Fact]
    public void Parse_BadValues_ReportsEachWithLine()
    {
        const string yaml = """
            feeds:
              - id: a
                url: ftp://example.org/feed
                interval: 30s
              - id: b
                url: https://example.org/b
                interval: soon
                enabled: maybe
              - id: a
                url: https://example.org/a2
              - id: c
                link: https://example.org/c
            """;

        var ex = Assert.Throws<ConfigException>(() => FeedsFile.Parse(yaml, Path));

        Assert.Collection(
            ex.Errors,
            e => Assert.Equal("config/feeds.yaml:3: feed 'a': url 'ftp://example.org/feed' uses 'ftp'; only http, https or a file path are supported", e.ToString()),
            e => Assert.Equal("config/feeds.yaml:4: feed 'a': interval '30s' must be between 1 minute and 24 hours", e.ToString()),
            e => Assert.StartsWith("config/feeds.yaml:7: feed 'b': interval 'soon' is not a duration", e.ToString(), StringComparison.Ordinal),
            e => Assert.Equal("config/feeds.yaml:8: feed 'b': 'enabled' must be true or false, not 'maybe'", e.ToString()),
            e => Assert.Equal("config/feeds.yaml:9: duplicate feed id 'a' (first defined on line 2)", e.ToString()),
            e => Assert.Equal("config/feeds.yaml:11: feed 'c' is missing required field 'url'", e.ToString()),
            e => Assert.StartsWith("config/feeds.yaml:12: feed 'c': unknown field 'link'; allowed: id, url, name, interval, enabled", e.ToString(), StringComparison.Ordinal));
    }
}
