using NewsWatcher.Core.Polling;
using NewsWatcher.Core.Retries;

namespace NewsWatcher.Core.Tests.Retries;

public sealed class BackoffPolicyTests
{
    private static readonly BackoffPolicy Minute = new(TimeSpan.FromMinutes(1), TimeSpan.FromHours(1));

    [Fact]
    public void Delay_FailuresInARow_DoubleFromFirstUpToTheCap()
    {
        int[] failures = [1, 2, 3, 4, 5, 6, 7, 400];

        Assert.Equal([1, 2, 4, 8, 16, 32, 60, 60], failures.Select(f => Minute.Delay(f, random: 0).TotalMinutes));
        Assert.Equal(TimeSpan.FromMinutes(1), Minute.Delay(0, random: 0));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(50)]
    public void Delay_AnyRandom_NeverLaterThanTheFormulaNorMoreThanTwentyPercentEarlier(int failures)
    {
        var full = Minute.Delay(failures, random: 0);
        var jitter = JitterSource.Seeded(7);
        var delays = Enumerable.Range(0, 1000).Select(_ => Minute.Delay(failures, jitter.Next())).ToList();

        Assert.All(delays, d => Assert.InRange(d, full * 0.8, full));
        Assert.Equal(full * 0.8, Minute.Delay(failures, random: 1));
        Assert.True(delays.Distinct().Count() > 900, "jitter spreads the waits out");
    }

    [Fact]
    public void Delay_NoJitterFraction_AlwaysTheFullWait()
    {
        var exact = Minute with { JitterFraction = 0 };

        Assert.Equal(TimeSpan.FromMinutes(4), exact.Delay(3, random: 0.99));
    }

    [Theory]
    [InlineData(1, 0, 30)]
    [InlineData(2, 0, 60)]
    [InlineData(3, 0.5, 108)]
    [InlineData(40, 0, 360)]
    [InlineData(40, 0.999, 288.072)]
    public void Backoff_Feed_IsTheSharedPolicyStartingAtTwoIntervals(int failures, double random, double minutes)
    {
        var interval = TimeSpan.FromMinutes(15);
        var cap = TimeSpan.FromHours(6);

        Assert.Equal(new BackoffPolicy(interval * 2, cap).Delay(failures, random), PollPolicy.Backoff(interval, failures, cap, random));
        Assert.Equal(minutes, PollPolicy.Backoff(interval, failures, cap, random).TotalMinutes, precision: 6);
    }
}
