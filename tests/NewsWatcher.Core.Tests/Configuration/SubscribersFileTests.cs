using NewsWatcher.Core.Configuration;
using NewsWatcher.Core.Matching;
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
        Assert.True(new Route(subscribers[0]).Follows("ceasefire"));
        Assert.Equal(DigestCadence.Hourly, subscribers[1].Cadence);
        Assert.Equal(TimeZoneInfo.Utc, subscribers[1].TimeZone);
        Assert.False(subscribers[1].ImmediateUrgent);
        Assert.False(new Route(subscribers[1]).Follows("ceasefire"));
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

    [Fact]
    public void Parse_EveryCadenceQuietHoursCapAndCategories_Resolved()
    {
        const string yaml = """
            subscribers:
              - email: now@example.org
                name: Now
                categories: [violation, Rejection]
                digest: immediate
                quiet_hours: 22:00-07:00
                timezone: Europe/Kyiv
              - email: week@example.org
                name: Week
                watches: [ceasefire]
                digest: weekly monday 08:30
                max_items: 20
                skip_empty: false
              - email: fri@example.org
                name: Fri
                watches: ["*"]
                digest: weekly Fri 7:05
            """;

        var subscribers = SubscribersFile.Parse(yaml, Path, Known);

        Assert.Equal(DigestCadence.Immediate, subscribers[0].Cadence);
        Assert.Equal(["violation", "rejection"], subscribers[0].Categories);
        Assert.Equal(new QuietHours(new TimeOnly(22, 0), new TimeOnly(7, 0)), subscribers[0].QuietHours);
        Assert.Empty(subscribers[0].Watches);
        Assert.True(new Route(subscribers[0]).Follows(new WatchMatch("any", "Any", "violation", WatchPriority.Normal, [])));
        Assert.False(new Route(subscribers[0]).Follows(new WatchMatch("any", "Any", "talks", WatchPriority.Normal, [])));
        Assert.Null(subscribers[0].MaxItems);
        Assert.True(subscribers[0].SkipEmpty);
        Assert.Equal(DigestCadence.WeeklyOn(DayOfWeek.Monday, new TimeOnly(8, 30)), subscribers[1].Cadence);
        Assert.Equal("weekly on Monday at 08:30", subscribers[1].Cadence.ToString());
        Assert.Equal(20, subscribers[1].MaxItems);
        Assert.False(subscribers[1].SkipEmpty);
        Assert.Equal(DigestCadence.WeeklyOn(DayOfWeek.Friday, new TimeOnly(7, 5)), subscribers[2].Cadence);
    }

    [Fact]
    public void Parse_BadCategoryQuietHoursCapAndWeekday_ReportsEachWithLine()
    {
        const string yaml = """
            subscribers:
              - email: a@example.org
                name: A
                categories: [violations]
                digest: weekly someday 08:00
                quiet_hours: 22:00 to 07:00
                max_items: 0
              - email: b@example.org
                name: B
                digest: hourly
            """;

        var ex = Assert.Throws<ConfigException>(() => SubscribersFile.Parse(yaml, Path, Known));

        Assert.Collection(
            ex.Errors,
            e => Assert.StartsWith("config/subscribers.yaml:4: subscriber 'a@example.org': unknown category 'violations'; known: violation, rejection", e.ToString(), StringComparison.Ordinal),
            e => Assert.StartsWith("config/subscribers.yaml:5: subscriber 'a@example.org': digest 'weekly someday 08:00' must be", e.ToString(), StringComparison.Ordinal),
            e => Assert.Equal("config/subscribers.yaml:6: subscriber 'a@example.org': quiet_hours '22:00 to 07:00' must be 'HH:mm-HH:mm' in local time (e.g. 22:00-07:00)", e.ToString()),
            e => Assert.Equal("config/subscribers.yaml:7: subscriber 'a@example.org': max_items '0' must be a whole number from 1 to 500", e.ToString()),
            e => Assert.StartsWith("config/subscribers.yaml:8: subscriber 'b@example.org' follows no watches", e.ToString(), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("22:00-07:00", 23, 30, true)]
    [InlineData("22:00-07:00", 6, 59, true)]
    [InlineData("22:00-07:00", 7, 0, false)]
    [InlineData("22:00-07:00", 12, 0, false)]
    [InlineData("12:00-14:00", 13, 0, true)]
    [InlineData("12:00-14:00", 14, 0, false)]
    public void QuietHours_LocalTime_InsideOrOutside(string window, int hour, int minute, bool quiet)
    {
        var kyiv = TimeZoneInfo.FindSystemTimeZoneById("Europe/Kyiv");
        var local = new DateTimeOffset(2026, 7, 1, hour, minute, 0, kyiv.GetUtcOffset(new DateTime(2026, 7, 1, 12, 0, 0, DateTimeKind.Unspecified)));

        Assert.Equal(quiet, QuietHours.Parse(window)!.Contains(local.ToUniversalTime(), kyiv));
    }
}
