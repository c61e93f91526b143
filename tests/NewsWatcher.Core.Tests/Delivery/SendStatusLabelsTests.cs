using NewsWatcher.Core.Delivery;

namespace NewsWatcher.Core.Tests.Delivery;

public sealed class SendStatusLabelsTests
{
    [Fact]
    public void ToLabel_EveryStatus_IsTheOutputLabel()
    {
        Assert.Equal(
            ["sent", "nothing", "quiet", "waiting", "deferred", "failed", "error", "split", "unsubscribed", "paused"],
            SendStatusLabels.All.Select(s => s.ToLabel()));
    }

    [Fact]
    public void TryParse_EveryLabel_RoundTripsToItsStatus()
    {
        Assert.All(SendStatusLabels.All, status =>
        {
            Assert.True(SendStatusLabels.TryParse(status.ToLabel(), out var parsed));
            Assert.Equal(status, parsed);
        });
        Assert.False(SendStatusLabels.TryParse("Sent", out _));
    }

    [Fact]
    public void FailureKind_FailedSends_TransientPermanentOrErrorAndNoneOtherwise()
    {
        var kinds = SendStatusLabels.All.Where(s => s.FailureKind() is not null).ToDictionary(s => s, s => s.FailureKind());

        Assert.Equal(
            new Dictionary<SendStatus, string?> { [SendStatus.Deferred] = "transient", [SendStatus.Failed] = "permanent", [SendStatus.Error] = "error" },
            kinds);
    }
}
