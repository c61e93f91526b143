using NewsWatcher.Core.Polling;

namespace NewsWatcher.Core.Tests.Polling;

public sealed class PollPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private static readonly PollPolicy Policy = new(TimeSpan.FromMinutes(15), TimeSpan.FromHours(6));
    private static readonly FeedDefinition Hourly = new("wire", "https://wire.example.org/rss", "Wire", TimeSpan.FromHours(1), true);
    private static readonly FeedDefinition Default = new("radio", "https://radio.example.org/rss", "Radio", null, true) { Adaptive = false };

    [Fact]
    public void Interval_FeedWithOwnOrNone_OwnElseDefault()
    {
        Assert.Equal(TimeSpan.FromHours(1), Policy.Interval(Hourly));
        Assert.Equal(TimeSpan.FromMinutes(15), Policy.Interval(Default));
    }

    [Fact]
    public void Succeeded_AfterFailures_ResetsAndWaitsTheLongestOfIntervalMaxAgeAndTtl()
    {
        var failing = FeedHealth.Empty with { ConsecutiveFailures = 3, LastError = "500" };

        var plain = Policy.Succeeded(Default, failing, Now, maxAge: TimeSpan.FromMinutes(5), ttl: null);
        var slow = Policy.Succeeded(Default, failing, Now, maxAge: TimeSpan.FromMinutes(5), ttl: TimeSpan.FromMinutes(45));

        Assert.Equal((0, Now, Now.AddMinutes(15), "500"), (plain.ConsecutiveFailures, plain.LastSuccess!.Value, plain.NextPoll!.Value, plain.LastError!));
        Assert.Equal(Now.AddMinutes(45), slow.NextPoll);
    }

    [Fact]
    public void Pushed_HubPushes_PolledAtTheSafetyIntervalSayingWhyAndALaterWaitStillHolds()
    {
        var polled = Policy.Succeeded(Hourly, FeedHealth.Empty, Now, maxAge: null, ttl: null);
        var pushed = PollPolicy.Pushed(polled, Now, TimeSpan.FromHours(6));
        var longer = PollPolicy.Pushed(polled with { NextPoll = Now.AddDays(1), NextPollReason = "server" }, Now, TimeSpan.FromHours(6));

        Assert.Equal(Now.AddHours(6), pushed.NextPoll);
        Assert.Contains("WebSub", Policy.WaitReason(Hourly, pushed, pushed.NextPoll!.Value), StringComparison.Ordinal);
        Assert.Equal((Now.AddDays(1), "server"), (longer.NextPoll!.Value, longer.NextPollReason!));
    }

    [Fact]
    public void Failed_InARow_DoublesCapsAndHonoursALaterRetryAfterUpToAWeek()
    {
        var once = Policy.Failed(Default, FeedHealth.Empty, Now, "timeout", retryAfter: null, random: 0);
        var many = Policy.Failed(Default, once with { ConsecutiveFailures = 20 }, Now, "timeout", retryAfter: null, random: 0);
        var retryAfter = Policy.Failed(Default, FeedHealth.Empty, Now, "429", retryAfter: Now.AddHours(2), random: 0);
        var absurd = Policy.Failed(Default, FeedHealth.Empty, Now, "429", retryAfter: Now.AddDays(30), random: 0);

        Assert.Equal((1, Now.AddMinutes(30)), (once.ConsecutiveFailures, once.NextPoll!.Value));
        Assert.Equal(Now.AddHours(6), many.NextPoll);
        Assert.Equal(Now.AddHours(2), retryAfter.NextPoll);
        Assert.Equal(Now + NewsWatcher.Core.Retries.RetryAfter.Max, absurd.NextPoll);
        Assert.Equal(TimeSpan.FromHours(6) * 0.8, PollPolicy.Backoff(TimeSpan.FromMinutes(15), 40, TimeSpan.FromHours(6), 1));
    }

    [Fact]
    public void SucceededAndFailed_FeedWithOwnInterval_UseItForTheWaitAndTheBackoff()
    {
        var ok = Policy.Succeeded(Hourly, FeedHealth.Empty, Now, maxAge: null, ttl: null);
        var failed = Policy.Failed(Hourly, FeedHealth.Empty, Now, "timeout", retryAfter: null, random: 0);

        Assert.Equal((Now.AddHours(1), Now.AddHours(2)), (ok.NextPoll!.Value, failed.NextPoll!.Value));
    }

    [Fact]
    public void NextPoll_IntervalShortenedAfterASuccess_IsTheNewIntervalAfterThatPoll()
    {
        var polled = Policy.Succeeded(Default with { Interval = TimeSpan.FromMinutes(15) }, FeedHealth.Empty, Now, maxAge: null, ttl: null);

        Assert.Equal(Now.AddMinutes(15), Policy.NextPoll(Default with { Interval = TimeSpan.FromMinutes(15) }, polled));
        Assert.Equal(Now.AddMinutes(1), Policy.NextPoll(Default with { Interval = TimeSpan.FromMinutes(1) }, polled));
        Assert.Equal(Now.AddHours(1), Policy.NextPoll(Hourly, polled));
    }

    [Fact]
    public void NextPoll_IntervalShortenedWhileTheServerAskedForLonger_KeepsTheServersWait()
    {
        var polled = Policy.Succeeded(Default, FeedHealth.Empty, Now, maxAge: null, ttl: TimeSpan.FromMinutes(45));

        Assert.Equal(Now.AddMinutes(45), Policy.NextPoll(Default with { Interval = TimeSpan.FromMinutes(1) }, polled));
    }

    [Fact]
    public void NextPoll_IntervalShortenedWhileBackingOff_ScalesTheBackoffButKeepsARetryAfter()
    {
        var failed = Policy.Failed(Default, FeedHealth.Empty with { ConsecutiveFailures = 1 }, Now, "timeout", retryAfter: null, random: 0.5);
        var told = Policy.Failed(Default, FeedHealth.Empty, Now, "429", retryAfter: Now.AddHours(3), random: 0);
        var faster = Default with { Interval = TimeSpan.FromMinutes(5) };

        // Two failures on 15 minutes: 60 min shortened by 10 %; on 5 minutes: 20 min shortened by the same 10 %.
        Assert.Equal(Now.AddMinutes(54), failed.NextPoll);
        Assert.Equal(Now.AddMinutes(18), Policy.NextPoll(faster, failed));
        Assert.Equal(Now.AddHours(3), Policy.NextPoll(faster, told));
    }

    [Fact]
    public void NextPoll_HealthFromBeforeIntervalsWereKept_IsTheStoredTime()
    {
        var stored = FeedHealth.Empty with { LastSuccess = Now, NextPoll = Now.AddMinutes(15) };

        Assert.Equal(Now.AddMinutes(15), Policy.NextPoll(Default with { Interval = TimeSpan.FromMinutes(1) }, stored));
    }

    [Fact]
    public void WaitReason_BackingOffOrServerWaitOrInterval_SaysWhich()
    {
        var failed = Policy.Failed(Default, FeedHealth.Empty, Now, "HTTP 503", retryAfter: null, random: 0);
        var slow = Policy.Succeeded(Default, FeedHealth.Empty, Now, maxAge: null, ttl: TimeSpan.FromHours(1));
        var plain = Policy.Succeeded(Default, FeedHealth.Empty, Now, maxAge: null, ttl: null);

        Assert.StartsWith("backing off after 1 failure in a row (last: HTTP 503)", Policy.WaitReason(Default, failed, failed.NextPoll!.Value), StringComparison.Ordinal);
        Assert.Contains("the server asked to wait 01:00:00", Policy.WaitReason(Default, slow, slow.NextPoll!.Value), StringComparison.Ordinal);
        Assert.Equal("the interval is 00:15:00 and the last poll was at 2026-11-25 09:00:00Z", Policy.WaitReason(Default, plain, plain.NextPoll!.Value));
    }
}
