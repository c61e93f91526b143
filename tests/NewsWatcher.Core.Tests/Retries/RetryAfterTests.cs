using System.Net.Http.Headers;
using NewsWatcher.Core.Retries;

namespace NewsWatcher.Core.Tests.Retries;

public sealed class RetryAfterTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Wait_SecondsOrDate_TheSameWaitFromNow()
    {
        Assert.Equal(TimeSpan.FromSeconds(120), RetryAfter.Wait(new RetryConditionHeaderValue(TimeSpan.FromSeconds(120)), Now));
        Assert.Equal(TimeSpan.FromMinutes(5), RetryAfter.Wait(new RetryConditionHeaderValue(Now.AddMinutes(5)), Now));
        Assert.Null(RetryAfter.Wait(null, Now));
    }

    [Fact]
    public void Wait_DateInThePastOrBeyondADay_HeldWithinZeroAndTheCap()
    {
        Assert.Equal(TimeSpan.Zero, RetryAfter.Wait(new RetryConditionHeaderValue(Now.AddMinutes(-5)), Now));
        Assert.Equal(RetryAfter.Max, RetryAfter.Wait(new RetryConditionHeaderValue(TimeSpan.FromDays(30)), Now));
        Assert.Equal(RetryAfter.Max, RetryAfter.Cap(TimeSpan.FromDays(2)));
    }
}
