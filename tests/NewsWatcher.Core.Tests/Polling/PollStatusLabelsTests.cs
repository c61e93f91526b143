using NewsWatcher.Core.Polling;

namespace NewsWatcher.Core.Tests.Polling;

public sealed class PollStatusLabelsTests
{
    [Fact]
    public void ToLabel_EveryStatus_IsTheMetricLabelDashboardsUse()
    {
        Assert.Equal(
            ["ok", "not_modified", "deferred", "gone", "disabled", "fetch_error", "parse_error", "store_error", "store_unconfirmed", "error"],
            PollStatusLabels.All.Select(s => s.ToLabel()));
    }

    [Fact]
    public void TryParse_EveryLabel_RoundTripsToItsStatus()
    {
        Assert.All(PollStatusLabels.All, status =>
        {
            Assert.True(PollStatusLabels.TryParse(status.ToLabel(), out var parsed));
            Assert.Equal(status, parsed);
        });
    }

    [Theory]
    [InlineData("OK")]
    [InlineData("notmodified")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_UnknownLabel_False(string? label) => Assert.False(PollStatusLabels.TryParse(label, out _));
}
