using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Core.Tests.Parsing;

public sealed class FeedParseStatusLabelsTests
{
    [Fact]
    public void ToLabel_EveryStatus_IsTheTsvColumn()
    {
        Assert.Equal(["ok", "recovered", "rejected"], FeedParseStatusLabels.All.Select(s => s.ToLabel()));
    }

    [Fact]
    public void TryParse_EveryLabel_RoundTripsToItsStatus()
    {
        Assert.All(FeedParseStatusLabels.All, status =>
        {
            Assert.True(FeedParseStatusLabels.TryParse(status.ToLabel(), out var parsed));
            Assert.Equal(status, parsed);
        });
        Assert.False(FeedParseStatusLabels.TryParse("failed", out _));
    }

    [Fact]
    public void Kind_RejectedRepairedOrClean_MatchesStatusLabel()
    {
        var rejected = FeedParseResult.Failed("empty body");
        var repaired = new FeedParseResult([], null) { Repairs = ["encoding guessed"] };
        var clean = new FeedParseResult([], null);

        Assert.Equal(
            [(FeedParseStatus.Rejected, "rejected"), (FeedParseStatus.Recovered, "recovered"), (FeedParseStatus.Ok, "ok")],
            new[] { rejected, repaired, clean }.Select(r => (r.Kind, r.Status)));
    }
}
