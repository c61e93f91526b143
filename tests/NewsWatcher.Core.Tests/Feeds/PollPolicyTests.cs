using NewsWatcher.Core.Feeds;

namespace NewsWatcher.Core.Tests.Feeds;

public sealed class PollPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private static readonly PollPolicy Policy = new(TimeSpan.FromMinutes(15), TimeSpan.FromHours(6));
    private static readonly FeedDefinition Hourly = new("wire", "https://wire.example.org/rss", "Wire", TimeSpan.FromHours(1), true);
    private static readonly FeedDefinition Default = new("radio", "https://radio.example.org/rss", "Radio", null, true);

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
    public void Failed_InARow_DoublesCapsAndHonoursALaterRetryAfterUpToAWeek()
    {
        var once = Policy.Failed(Default, FeedHealth.Empty, Now, "timeout", retryAfter: null, random: 0);
        var many = Policy.Failed(Default, once with { ConsecutiveFailures = 20 }, Now, "timeout", retryAfter: null, random: 0);
        var retryAfter = Policy.Failed(Default, FeedHealth.Empty, Now, "429", retryAfter: Now.AddHours(2), random: 0);
        var absurd = Policy.Failed(Default, FeedHealth.Empty, Now, "429", retryAfter: Now.AddDays(30), random: 0);

        Assert.Equal((1, Now.AddMinutes(30)), (once.ConsecutiveFailures, once.NextPoll!.Value));
        Assert.Equal(Now.AddHours(6), many.NextPoll);
        Assert.Equal(Now.AddHours(2), retryAfter.NextPoll);
        Assert.Equal(Now + PollPolicy.MaxRetryAfter, absurd.NextPoll);
        Assert.Equal(TimeSpan.FromHours(6) * 0.8, PollPolicy.Backoff(TimeSpan.FromMinutes(15), 40, TimeSpan.FromHours(6), 1));
    }

    [Fact]
    public void SucceededAndFailed_FeedWithOwnInterval_UseItForTheWaitAndTheBackoff()
    {
        var ok = Policy.Succeeded(Hourly, FeedHealth.Empty, Now, maxAge: null, ttl: null);
        var failed = Policy.Failed(Hourly, FeedHealth.Empty, Now, "timeout", retryAfter: null, random: 0);

        Assert.Equal((Now.AddHours(1), Now.AddHours(2)), (ok.NextPoll!.Value, failed.NextPoll!.Value));
    }
}
