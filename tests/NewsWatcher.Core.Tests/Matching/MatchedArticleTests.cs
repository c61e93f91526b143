using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Core.Tests.Matching;

public sealed class MatchedArticleTests
{
    private static readonly Article Article = new("a1", "wire", "Truce violated, talks go on", "", "https://news.example/a1", DateTimeOffset.UnixEpoch);

    [Fact]
    public void PerWatch_WatchMatchedTwice_OneMatchPerWatchTheFirstInMatchOrder()
    {
        WatchMatch first = new("violated", "Truce violated", "violation", WatchPriority.Urgent, [new MatchedTerm("violated", "title", 6, 8)]);
        WatchMatch talks = new("talks", "Talks", "talks", WatchPriority.Normal, []);
        WatchMatch again = new("violated", "Truce violated", "violation", WatchPriority.Urgent, [new MatchedTerm("truce", "title", 0, 5)]);
        WatchMatch otherCase = new("Violated", "Another watch", "violation", WatchPriority.Normal, []);

        var matched = new MatchedArticle(Article, [first, talks, again, otherCase]);

        Assert.Equal([first, talks, otherCase], matched.PerWatch);
        Assert.Equal(4, matched.Matches.Count);
    }

    [Fact]
    public void PerWatch_NoMatches_Empty() => Assert.Empty(new MatchedArticle(Article, []).PerWatch);

    [Fact]
    public void PrimaryCategory_StageWhenClassifiedElseTheMostImportantWatchCategory()
    {
        WatchMatch[] matches = [new("talks", "Talks", "talks", WatchPriority.Normal, []), new("violated", "Truce violated", "violation", WatchPriority.Urgent, [])];

        Assert.Equal("violation", new MatchedArticle(Article, matches).PrimaryCategory);
        Assert.Equal("acceptance", new MatchedArticle(Article, matches) { Stage = new StageDecision("acceptance", "Hamas", null, []) }.PrimaryCategory);
    }
}
