using Microsoft.Extensions.Time.Testing;
using NewsWatcher.Core.Polling;

namespace NewsWatcher.Core.Tests.Polling;

/// <summary>Adaptive polling follows when a feed publishes, within its bounds, and never overrides what a server asked.</summary>
public sealed class AdaptiveIntervalTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);
    private static readonly PollPolicy Policy = new(TimeSpan.FromMinutes(15), TimeSpan.FromHours(6), TimeSpan.FromMinutes(2), TimeSpan.FromHours(1));
    private static readonly FeedDefinition Feed = new("wire", "https://wire.example.org/rss", "Wire", null, true) { Adaptive = true };

    [Fact]
    public void Succeeded_FeedHourlyByDayAndSilentAtNight_PollsOftenByDayRarelyAtNightWithNoMoreRequests()
    {
        var (polls, health) = Simulate(Policy, Feed, days: 21);

        // The last week, once learned: waits by hour of day (UTC).
        var lastWeek = polls.Zip(polls.Skip(1), (a, b) => (At: a, Wait: b - a)).Where(p => p.At >= Start.AddDays(14)).ToList();
        var day = lastWeek.Where(p => p.At.Hour is >= 9 and < 19).Select(p => p.Wait).ToList();
        var night = lastWeek.Where(p => p.At.Hour is >= 22 or < 5).Select(p => p.Wait).ToList();
        Assert.All(day, w => Assert.InRange(w, TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(12)));
        Assert.All(night, w => Assert.InRange(w, TimeSpan.FromMinutes(30), TimeSpan.FromHours(1)));
        Assert.True(lastWeek.Count <= 7 * 96, $"{lastWeek.Count} polls in a week; the fixed 15-minute schedule makes {7 * 96}");
        Assert.StartsWith("adaptive: ", health.NextPollReason, StringComparison.Ordinal);

        // The first poll of the morning comes as the items start, not a night's interval after the last one.
        var morning = lastWeek.Select(p => p.At).First(t => t.Hour == 8 && t >= Start.AddDays(20));
        Assert.True(morning.Minute < 15, $"first poll after 08:00 at {morning:HH:mm}");
    }

    [Fact]
    public void Succeeded_RhythmWantsOutsideTheBounds_BoundsWin()
    {
        // A 5-minute default's budget would poll this feed every few minutes by day.
        var eager = new PollPolicy(TimeSpan.FromMinutes(5), TimeSpan.FromHours(6), TimeSpan.FromMinutes(2), TimeSpan.FromHours(1));
        var bounded = Feed with { MinInterval = TimeSpan.FromMinutes(10), MaxInterval = TimeSpan.FromMinutes(30) };

        var (polls, _) = Simulate(eager, bounded, days: 10);

        var waits = polls.Zip(polls.Skip(1), (a, b) => b - a).Skip(polls.Count / 2).ToList();
        Assert.All(waits, w => Assert.InRange(w, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30)));
        Assert.Contains(TimeSpan.FromMinutes(10), waits);
    }

    [Fact]
    public void Succeeded_PinnedFeed_KeepsItsFixedInterval()
    {
        var (polls, _) = Simulate(Policy, Feed with { Adaptive = false }, days: 5);

        Assert.All(polls.Zip(polls.Skip(1), (a, b) => b - a), w => Assert.Equal(TimeSpan.FromMinutes(15), w));
    }

    [Fact]
    public void NextPoll_LearnedFeedAskedToWait_RetryAfterAndMaxAgeWin()
    {
        var (_, health) = Simulate(Policy, Feed, days: 10);
        var noon = Start.AddDays(10).AddHours(12);

        var cached = Policy.Succeeded(Feed, health, noon, maxAge: TimeSpan.FromHours(2), ttl: null);
        var limited = Policy.Failed(Feed, health, noon, "HTTP 429 Too Many Requests", noon.AddHours(3), 0);

        Assert.Equal(noon.AddHours(2), cached.NextPoll);
        Assert.Contains("Cache-Control max-age", cached.NextPollReason, StringComparison.Ordinal);
        Assert.Equal(noon.AddHours(3), limited.NextPoll);
    }

    [Fact]
    public void Bounds_ManyFeedsOnOneHost_RaiseTheShortestWaitToTheHostBudget()
    {
        var policy = new PollPolicy(TimeSpan.FromMinutes(15), TimeSpan.FromHours(6), TimeSpan.FromMinutes(2), TimeSpan.FromHours(1), hostRequestsPerHour: 60);

        Assert.Equal(TimeSpan.FromMinutes(2), policy.Bounds(Feed, feedsOnHost: 1).Min);
        Assert.Equal(TimeSpan.FromMinutes(20), policy.Bounds(Feed, feedsOnHost: 20).Min);
    }

    [Fact]
    public void Parse_StoredRhythm_RoundTrips()
    {
        var (_, health) = Simulate(Policy, Feed, days: 3);

        var read = PublicationRhythm.Parse(health.Rhythm!.ToText())!;

        Assert.Equal(health.Rhythm.Items, read.Items, 3);
        Assert.Equal(health.Rhythm.UpdatedAt!.Value.ToUnixTimeMilliseconds(), read.UpdatedAt!.Value.ToUnixTimeMilliseconds());
        Assert.Null(PublicationRhythm.Parse("garbled"));
    }

    [Fact]
    public void SharedScale_BusyFeedAndQuietFeed_BusyPolledMoreQuietLessAndTogetherNoMoreThanFixed()
    {
        var now = Start.AddDays(14);
        var busy = Learn(Enumerable.Range(0, 14 * 24 * 6).Select(k => Start.AddMinutes(k * 10)).Where(t => t.Hour is >= 8 and < 20));
        var quiet = Learn(Enumerable.Range(0, 14).Select(d => Start.AddDays(d).AddHours(9)));
        var (min, max) = Policy.Bounds(Feed);
        var shared = AdaptiveInterval.SharedScale([new BudgetedFeed(busy, Policy.DefaultInterval, min, max), new BudgetedFeed(quiet, Policy.DefaultInterval, min, max)], now);

        var busyAlone = Polls(busy, now, min, max, sharedScale: null);
        var quietAlone = Polls(quiet, now, min, max, sharedScale: null);
        var busyShared = Polls(busy, now, min, max, shared);
        var quietShared = Polls(quiet, now, min, max, shared);

        Assert.True(busyShared > busyAlone, $"busy feed: {busyShared} polls a week sharing, {busyAlone} alone");
        Assert.True(quietShared < quietAlone, $"quiet feed: {quietShared} polls a week sharing, {quietAlone} alone");
        Assert.True(busyShared + quietShared <= 2 * 7 * 96, $"{busyShared} + {quietShared} polls a week; the fixed 15-minute schedule makes {2 * 7 * 96}");
    }

    [Fact]
    public void SharedScale_SameRhythmsInAnyOrder_SameScale()
    {
        var now = Start.AddDays(7);
        var (min, max) = Policy.Bounds(Feed);
        var feeds = Enumerable.Range(0, 3).Select(n => 6 + (4 * n)).Select(hour => new BudgetedFeed(Learn(Enumerable.Range(0, 7 * 4).Select(k => Start.AddHours((k / 4 * 24) + hour + (k % 4)))), Policy.DefaultInterval, min, max)).ToList();

        var one = AdaptiveInterval.SharedScale(feeds, now);
        var other = AdaptiveInterval.SharedScale([.. Enumerable.Reverse(feeds)], now);

        Assert.NotNull(one);
        Assert.Equal(one, other);
    }

    [Fact]
    public void SharedScale_NoFeedLearnedYet_NullSoEachKeepsItsDefault()
    {
        var (min, max) = Policy.Bounds(Feed);
        var young = Learn([Start.AddHours(1), Start.AddHours(2)]);

        Assert.Null(AdaptiveInterval.SharedScale([new BudgetedFeed(young, Policy.DefaultInterval, min, max)], Start.AddDays(1)));
        Assert.Null(AdaptiveInterval.SharedScale([], Start));
    }

    [Fact]
    public void SharedScale_QuietFeedPushedByItsHub_LeftOutSoThePolledFeedsShareOnlyTheirOwnDefaults()
    {
        var now = Start.AddDays(14);
        var busy = Learn(Enumerable.Range(0, 14 * 24 * 6).Select(k => Start.AddMinutes(k * 10)).Where(t => t.Hour is >= 8 and < 20));
        var quiet = Learn(Enumerable.Range(0, 14).Select(d => Start.AddDays(d).AddHours(9)));
        var (min, max) = Policy.Bounds(Feed);
        BudgetedFeed Polled(PublicationRhythm rhythm) => new(rhythm, Policy.DefaultInterval, min, max);
        var pushed = new BudgetedFeed(quiet, Policy.DefaultInterval, min, max, Pushed: true);

        var withPushed = AdaptiveInterval.SharedScale([Polled(busy), Polled(quiet), pushed, pushed], now);
        var polledOnly = AdaptiveInterval.SharedScale([Polled(busy), Polled(quiet)], now);

        Assert.Equal(polledOnly, withPushed);
        var polls = Polls(busy, now, min, max, withPushed) + Polls(quiet, now, min, max, withPushed);
        Assert.True(polls <= 2 * 7 * 96, $"{polls} polls a week for the two polled feeds; their 15-minute defaults make {2 * 7 * 96}");
    }

    [Fact]
    public void SharedScale_OnlyPushedFeedsLearned_NullSoNoPlanIsMadeForThem()
    {
        var (min, max) = Policy.Bounds(Feed);
        var busy = Learn(Enumerable.Range(0, 14 * 24).Select(h => Start.AddHours(h)));

        Assert.Null(AdaptiveInterval.SharedScale([new BudgetedFeed(busy, Policy.DefaultInterval, min, max, Pushed: true)], Start.AddDays(14)));
    }

    /// <summary>A rhythm learned from items seen as they came, one look an hour.</summary>
    private static PublicationRhythm Learn(IEnumerable<DateTimeOffset> items)
    {
        var times = items.Order().ToList();
        var rhythm = PublicationRhythm.Empty;
        for (var look = Start; look <= times[^1]; look = look.AddHours(1))
        {
            var at = look;
            rhythm = rhythm.Observe(times.Where(t => t > at.AddHours(-1) && t <= at), at);
        }

        return rhythm;
    }

    /// <summary>Polls in the week after <paramref name="from"/> when each next poll is where <see cref="AdaptiveInterval.Next"/> puts it.</summary>
    private static int Polls(PublicationRhythm rhythm, DateTimeOffset from, TimeSpan min, TimeSpan max, double? sharedScale)
    {
        var polls = 0;
        for (var at = from; at < from.AddDays(7); at = AdaptiveInterval.Next(rhythm, at, Policy.DefaultInterval, min, max, sharedScale)!.Value.NextPoll)
        {
            polls++;
        }

        return polls;
    }

    /// <summary>Polls the feed as the worker would, on a fake clock: items at every hour from 08:00 to 20:00 UTC, none at night.</summary>
    private static (List<DateTimeOffset> Polls, FeedHealth Health) Simulate(PollPolicy policy, FeedDefinition feed, int days)
    {
        var clock = new FakeTimeProvider(Start);
        var items = Enumerable.Range(0, days * 24).Select(h => Start.AddHours(h)).Where(t => t.Hour is >= 8 and <= 20).ToList();
        var health = FeedHealth.Empty;
        var polls = new List<DateTimeOffset>();
        var last = Start.AddDays(-1);
        while (clock.GetUtcNow() < Start.AddDays(days))
        {
            var now = clock.GetUtcNow();
            polls.Add(now);
            var fresh = items.Where(t => t > last && t <= now).ToList();
            health = policy.Succeeded(feed, PollPolicy.Learn(health, fresh, now), now, maxAge: null, ttl: null);
            last = now;
            clock.Advance(health.NextPoll!.Value - now);
        }

        return (polls, health);
    }
}
