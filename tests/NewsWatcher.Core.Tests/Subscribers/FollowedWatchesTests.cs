using NewsWatcher.Core.Configuration;
using NewsWatcher.Core.Subscribers;

namespace NewsWatcher.Core.Tests.Subscribers;

public sealed class FollowedWatchesTests
{
    private static readonly HashSet<string> Known = new(["ceasefire", "talks"], StringComparer.Ordinal);

    [Theory]
    [InlineData("ceasefire", true)]
    [InlineData("*", true)]
    [InlineData("Ceasefire", false)]
    [InlineData("gone", false)]
    public void IsKnown_WatchId_KnownIdOrAll(string id, bool known) => Assert.Equal(known, FollowedWatches.IsKnown(id, Known));

    [Fact]
    public void Unknown_SubscriberFollowingDroppedWatches_ListsThemInOrder()
    {
        var desk = Subscriber(["talks", "gone", "ceasefire", "old"]);
        var all = Subscriber(["*"]);

        Assert.Equal(["gone", "old"], FollowedWatches.Unknown(desk, Known));
        Assert.Empty(FollowedWatches.Unknown(all, Known));
    }

    [Fact]
    public void Parse_SubscribersFileFollowingAnUnknownWatch_IsRefusedByTheSameRule()
    {
        var yaml = "subscribers:\n  - {email: desk@example.org, watches: [talks, gone]}\n";

        var error = Assert.Single(Assert.Throws<ConfigException>(() => SubscribersFile.Parse(yaml, "subscribers.yaml", Known)).Errors);

        Assert.Contains("unknown watch 'gone'", error.Message, StringComparison.Ordinal);
    }

    private static Subscriber Subscriber(IReadOnlyList<string> watches) =>
        new("desk@example.org", "desk@example.org", "Desk", watches, DigestCadence.DailyAt(new TimeOnly(7, 0)), TimeZoneInfo.Utc, ImmediateUrgent: true);
}
