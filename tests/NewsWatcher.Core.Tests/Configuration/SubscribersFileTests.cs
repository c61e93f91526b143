using NewsWatcher.Core.Configuration;
using NewsWatcher.Core.Subscribers;

namespace NewsWatcher.Core.Tests.Configuration;

public sealed class SubscribersFileTests
{
    private const string Path = "config/subscribers.yaml";
    private static readonly HashSet<string> Known = ["ceasefire", "peace-talks"];

    [Fact]
    public void Parse_ValidSubscribers_ResolvesCadenceZoneAndDefaults()
    {
        const string yaml = """
            subscribers:
              - email: Desk@Example.org
                name: Desk
                watches: ["*"]
                digest: daily 07:30
                timezone: Europe/Kyiv
              - email: ops@example.org
                name: Ops
                watches: [peace-talks]
                digest: hourly
                immediate: false
            """;

        var subscribers = SubscribersFile.Parse(yaml, Path, Known);

        Assert.Equal("desk@example.org", subscribers[0].Id);
        Assert.Equal(DigestCadence.DailyAt(new TimeOnly(7, 30)), subscribers[0].Cadence);
        Assert.True(subscribers[0].ImmediateUrgent);
        Assert.True(subscribers[0].Follows("ceasefire"));
        Assert.Equal(DigestCadence.Hourly, subscribers[1].Cadence);
        Assert.Equal(TimeZoneInfo.Utc, subscribers[1].TimeZone);
        Assert.False(subscribers[1].ImmediateUrgent);
        Assert.False(subscribers[1].Follows("ceasefire"));
    }

    [Fact]
    public void Parse_BadValues_ReportsEachWithLine()
    {
        const string yaml = """
            subscribers:
              - email: not-an-address
                name: A
                watches: [nope]
                digest: weekly
                timezone: Mars/Olympus
              - email: b@example.org
                name: B
                watches: []
                digest: daily 25:00
              - email: B@example.org
                name: B2
                watches: ["*"]
                digest: hourly
            """;

        var ex = Assert.Throws<ConfigException>(() => SubscribersFile.Parse(yaml, Path, Known));

        Assert.Collection(
            ex.Errors,
            e => Assert.Equal("config/subscribers.yaml:2: subscriber 'not-an-address': email 'not-an-address' is not a valid address (write just name@example.org)", e.ToString()),
            e => Assert.Equal("config/subscribers.yaml:4: subscriber 'not-an-address': unknown watch 'nope'; known: ceasefire, peace-talks", e.ToString()),
            e => Assert.StartsWith("config/subscribers.yaml:5: subscriber 'not-an-address': digest 'weekly' must be", e.ToString(), StringComparison.Ordinal),
            e => Assert.StartsWith("config/subscribers.yaml:6: subscriber 'not-an-address': timezone 'Mars/Olympus'", e.ToString(), StringComparison.Ordinal),
            e => Assert.StartsWith("config/subscribers.yaml:9: subscriber 'b@example.org' follows no watches", e.ToString(), StringComparison.Ordinal),
            e => Assert.StartsWith("config/subscribers.yaml:10: subscriber 'b@example.org': digest 'daily 25:00'", e.ToString(), StringComparison.Ordinal),
            e => Assert.Equal("config/subscribers.yaml:11: duplicate subscriber 'B@example.org' (first defined on line 7)", e.ToString()));
    }

    [Fact]
    public void Parse_SameEmailDifferentCase_IsDuplicate()
    {
        const string yaml = """
            subscribers:
              - {email: a@example.org, name: A, watches: ["*"], digest: hourly}
              - {email: A@Example.org, name: B, watches: ["*"], digest: hourly}
            """;

        var ex = Assert.Throws<ConfigException>(() => SubscribersFile.Parse(yaml, Path, Known));

        Assert.Equal("config/subscribers.yaml:3: duplicate subscriber 'A@Example.org' (first defined on line 2)", Assert.Single(ex.Errors).ToString());
    }
}
