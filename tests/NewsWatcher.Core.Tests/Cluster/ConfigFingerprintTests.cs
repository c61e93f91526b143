using NewsWatcher.Core.Cluster;
using NewsWatcher.Core.Polling;
using NewsWatcher.Core.Subscribers;

namespace NewsWatcher.Core.Tests.Cluster;

public sealed class ConfigFingerprintTests
{
    private static readonly FeedDefinition Wire = new("wire", "https://wire.example.org/rss", "Wire", TimeSpan.FromMinutes(15), true, Line: 3);
    private static readonly Subscriber Desk = new("desk", "desk@example.org", "Desk", ["*"], DigestCadence.Hourly, TimeZoneInfo.Utc, true);

    [Fact]
    public void DifferencesFrom_SameConfigOnOtherLines_None()
    {
        var mine = ConfigFingerprint.Create([Wire], [Desk]);
        var theirs = ConfigFingerprint.Create([Wire with { Line = 40 }], [Desk with { Line = 9 }]);

        Assert.Empty(mine.DifferencesFrom(theirs));
    }

    [Fact]
    public void DifferencesFrom_FeedsAddedRemovedAndChanged_NamesEachIdPerFile()
    {
        var mine = ConfigFingerprint.Create([Wire, new FeedDefinition("tv", "https://tv.example.org/rss", "TV", null, true)], [Desk]);
        var theirs = ConfigFingerprint.Create([Wire with { Interval = TimeSpan.FromHours(1) }, new FeedDefinition("radio", "https://radio.example.org/rss", "Radio", null, true)], [Desk with { Cadence = DigestCadence.DailyAt(new TimeOnly(7, 0)) }]);

        Assert.Equal(
            [
                "feeds.yaml differs (feeds only here: tv; feeds only there: radio; feeds set differently: wire)",
                "subscribers.yaml differs (subscribers set differently: desk)",
            ],
            mine.DifferencesFrom(theirs));
    }

    [Fact]
    public void DifferencesFrom_ManyFeedsOnlyThere_ListsTenAndCountsTheRest()
    {
        var theirs = ConfigFingerprint.Create(Enumerable.Range(0, 12).Select(i => new FeedDefinition($"f{i:00}", $"https://f{i}.example.org/", "F", null, true)), []);

        var difference = Assert.Single(ConfigFingerprint.Create([], []).DifferencesFrom(theirs));

        Assert.Equal("feeds.yaml differs (feeds only there: f00, f01, f02, f03, f04, f05, f06, f07, f08, f09 and 2 more)", difference);
    }
}
