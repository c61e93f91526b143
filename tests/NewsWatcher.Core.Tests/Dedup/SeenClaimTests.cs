using NewsWatcher.Core.Dedup;
using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Core.Tests.Dedup;

/// <summary>The identities an article claims in dedup.</summary>
public sealed class SeenClaimTests
{
    private static readonly Article Article = new("42", "wire", "Truce agreed in the north", "", "https://news.example/42", DateTimeOffset.UnixEpoch);

    [Fact]
    public void Of_ArticleWithLinkAndHeadline_ClaimsIdInFeedLinkAndHeadlineInFeed()
    {
        var claims = SeenClaim.Of(Article, byHeadline: true);

        Assert.Equal(
            [new SeenClaim(SeenKind.Id, "wire\n42"), new SeenClaim(SeenKind.Link, "https://news.example/42"), new SeenClaim(SeenKind.Headline, "wire\n" + PlainText.TitleKey(Article.Title))],
            claims);
    }

    [Fact]
    public void Of_SameGuidInAnotherFeed_ADifferentIdClaim()
    {
        Assert.NotEqual(SeenClaim.Of(Article, false)[0], SeenClaim.Of(Article with { FeedId = "desk" }, false)[0]);
    }

    [Fact]
    public void Of_NoLinkShortHeadlineOrHeadlinesOff_OnlyTheClaimsThatIdentify()
    {
        Assert.Equal([SeenKind.Id], SeenClaim.Of(Article with { Link = null, Title = "Truce" }, byHeadline: true).Select(c => c.Kind));
        Assert.Equal([SeenKind.Id, SeenKind.Link], SeenClaim.Of(Article, byHeadline: false).Select(c => c.Kind));
    }
}
