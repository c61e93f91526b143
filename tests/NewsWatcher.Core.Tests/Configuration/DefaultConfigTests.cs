using NewsWatcher.Core.Configuration;
using NewsWatcher.Testing;

namespace NewsWatcher.Core.Tests.Configuration;

/// <summary>The files under config/ ship as the defaults and as the README's examples, so they must always load.</summary>
public sealed class DefaultConfigTests
{
    [Fact]
    public void Parse_ShippedConfigFiles_LoadWithoutErrors()
    {
        var watches = WatchesFile.Parse(Read("watches.yaml"), "config/watches.yaml");
        var feeds = FeedsFile.Parse(Read("feeds.yaml"), "config/feeds.yaml");
        var ids = watches.Watches.Select(w => w.Id).ToHashSet(StringComparer.Ordinal);
        var subscribers = SubscribersFile.Parse(Read("subscribers.yaml"), "config/subscribers.yaml", ids);

        Assert.NotEmpty(watches.Watches);
        Assert.Equal(WatchesFile.Categories.Order(), watches.Watches.Select(w => w.Category).Distinct().Order());
        Assert.Contains(watches.Watches, w => w.Priority == Core.Watches.WatchPriority.Urgent);
        Assert.True(feeds.Count >= 10);
        Assert.All(feeds, f => Assert.InRange(f.Interval!.Value, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30)));
        var subscriber = Assert.Single(subscribers);
        Assert.Equal(["*"], subscriber.Watches);
        Assert.Equal("daily at 07:30", subscriber.Cadence.ToString());
        Assert.True(subscriber.ImmediateUrgent);
        Assert.True(subscriber.TimeZone.Id is "Europe/Kyiv" or "Europe/Kiev", subscriber.TimeZone.Id);
    }

    [Theory]
    [InlineData("Путин согласился на перемирие", "ru-ua-truce-accepted")]
    [InlineData("Україна звинуватила Росію: перемир'я порушено", "ru-ua-truce-violated")]
    [InlineData("Kremlin rejects US-proposed 30-day ceasefire", "ru-ua-truce-rejected")]
    [InlineData("US proposes 30-day cease-fire between Russia and Ukraine", "ru-ua-30-day-ceasefire")]
    [InlineData("Обмен пленными между Россией и Украиной", "prisoner-exchange")]
    public void Parse_ShippedWatches_CatchRussiaUkraineDevelopments(string title, string expectedWatch)
    {
        var watches = WatchesFile.Parse(Read("watches.yaml"), "config/watches.yaml");

        var matches = watches.Match(new NewsWatcher.Core.Articles.Article("a", "f", title, string.Empty, null, DateTimeOffset.UnixEpoch));

        Assert.Contains(matches, m => m.WatchId == expectedWatch);
    }

    [Theory]
    [InlineData("US and China extend tariff truce by 90 days")]
    [InlineData("Sun and Microsoft call a truce")]
    public void Parse_ShippedWatches_IgnoreTradeTruces(string title)
    {
        var watches = WatchesFile.Parse(Read("watches.yaml"), "config/watches.yaml");

        Assert.Empty(watches.Match(new NewsWatcher.Core.Articles.Article("a", "f", title, string.Empty, null, DateTimeOffset.UnixEpoch)));
    }

    private static string Read(string name) => File.ReadAllText(Path.Combine(Corpus.RepositoryRoot, "config", name));
}
