using NewsWatcher.Core.Fetching;
using NewsWatcher.Core.Polling;

namespace NewsWatcher.Core.Tests.Polling;

/// <summary>What <c>feeds</c> and the status page say about a feed's polling: next poll and why, rhythm, WebSub push.</summary>
public sealed class FeedScheduleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly PollPolicy Policy = new(TimeSpan.FromMinutes(15), TimeSpan.FromHours(6), TimeSpan.FromMinutes(2), TimeSpan.FromHours(1));
    private static readonly FeedDefinition Feed = new("wire", "https://wire.example.org/rss", "Wire", null, true);
    private static readonly PublicationRhythm Hourly = PublicationRhythm.Empty.Observe(Enumerable.Range(1, 24).Select(h => Now.AddHours(-h)), Now);

    [Fact]
    public void Of_FixedFeedWithALearnedRhythm_SaysItKeepsItsIntervalAndWhatItLearned()
    {
        var health = Policy.Succeeded(Feed, FeedHealth.Empty with { Rhythm = Hourly }, Now, null, null);

        var schedule = FeedSchedule.Of(Feed, health, Policy, null, Now);

        Assert.Equal(Now.AddMinutes(15), schedule.NextPoll);
        Assert.Contains("the interval is 00:15:00", schedule.Why, StringComparison.Ordinal);
        Assert.Equal($"fixed interval (adaptive: off); learned {Hourly.Describe()}", schedule.Rhythm);
        Assert.Equal("no hub", schedule.Push);
    }

    [Fact]
    public void Of_AdaptiveFeed_ShowsItsRhythmAndTheRhythmsReason()
    {
        var adaptive = Feed with { Adaptive = true };
        var health = Policy.Succeeded(adaptive, FeedHealth.Empty with { Rhythm = Hourly }, Now, null, null);

        var schedule = FeedSchedule.Of(adaptive, health, Policy, null, Now);

        Assert.Equal(Hourly.Describe(), schedule.Rhythm);
        Assert.StartsWith("adaptive: ", schedule.Why, StringComparison.Ordinal);
        Assert.Equal(health.NextPoll, schedule.NextPoll);
    }

    [Fact]
    public void Of_DisabledOrGone_NoNextPoll()
    {
        var health = Policy.Succeeded(Feed, FeedHealth.Empty, Now, null, null);

        Assert.Null(FeedSchedule.Of(Feed with { Enabled = false }, health, Policy, null, Now).NextPoll);
        Assert.Equal((null, "-"), (FeedSchedule.Of(Feed, health with { GoneUrl = Feed.Url }, Policy, null, Now) is var gone ? (gone.NextPoll, gone.Why) : default));
        Assert.Equal("not learned yet", FeedSchedule.Of(Feed with { Adaptive = true }, health, Policy, null, Now).Rhythm);
    }

    [Fact]
    public void Of_EachWebSubState_SaysWhetherTheHubPushesAndUntilWhen()
    {
        var subscription = new WebSubSubscription("wire", new Uri("https://hub.example.org/"), new Uri(Feed.Url), "secret") { RequestedAt = Now.AddHours(-1) };
        var active = subscription with { State = WebSubState.Active, LeaseStarted = Now.AddHours(-1), LeaseEnds = Now.AddDays(9) };

        string Push(WebSubSubscription s) => FeedSchedule.Of(Feed, FeedHealth.Empty, Policy, s, Now).Push;

        Assert.Equal("subscribing at hub.example.org since 2026-11-02 08:00Z", Push(subscription));
        Assert.Equal("pushed by hub.example.org, lease ends 2026-11-11 09:00Z", Push(active));
        Assert.Equal("lease at hub.example.org ended 2026-11-02 08:00Z: polled until renewed", Push(active with { LeaseEnds = Now.AddHours(-1) }));
        Assert.Equal("unsubscribing at hub.example.org", Push(subscription with { State = WebSubState.Unsubscribing }));
    }
}
