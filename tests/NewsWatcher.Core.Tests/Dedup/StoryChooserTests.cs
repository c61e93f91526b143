using NewsWatcher.Core.Dedup;
using NewsWatcher.Core.Delivery;
using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Core.Tests.Dedup;

/// <summary>Which story a new article joins, how it folds into another outlet's entry, and how a member is remembered.</summary>
public sealed class StoryChooserTests
{
    private static readonly DateTimeOffset Published = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromDays(2);

    private static readonly Article Wire = Article("wire", "w1", "Thailand and Cambodia agree to unconditional ceasefire");
    private static readonly Article Desk = Article("desk", "d1", "Thailand, Cambodia agree to immediate unconditional ceasefire");

    [Fact]
    public void Assign_NoCandidates_StartsAStoryOfItsOwnKeyedByTheArticle()
    {
        var story = StoryChooser.Assign(Desk, Fingerprint(Desk), [], Window);

        Assert.Null(story.JoinedBy);
        Assert.Equal(StoryChooser.NewStoryId(Desk), story.StoryId);
        Assert.Equal("d1", story.RepresentativeKey);
        Assert.Equal(Fingerprint(Desk).BandKeys(), story.BandKeys);
        Assert.Equal(("desk", Published.ToUnixTimeMilliseconds()), (story.Member.FeedId, story.Member.Published));
    }

    [Fact]
    public void Assign_SimilarHeadlineFromAnotherFeed_JoinsItsStoryAndFoldsIntoItsFirstArticle()
    {
        var wire = StoryChooser.Assign(Wire, Fingerprint(Wire), [], Window);

        var desk = StoryChooser.Assign(Desk, Fingerprint(Desk), [wire.Member], Window);

        Assert.Same(Desk, desk.JoinedBy);
        Assert.Equal(wire.StoryId, desk.StoryId);
        Assert.Equal("w1", desk.RepresentativeKey);
        Assert.Equal(wire.StoryId, desk.Member.StoryId);
    }

    [Theory]
    [InlineData("wire", 0)] // the same feed never joins itself
    [InlineData("other", 3)] // published further apart than the window
    public void Assign_SameFeedOrOutsideTheWindow_StartsANewStory(string feedId, int daysApart)
    {
        var earlier = Article(feedId, "x1", Wire.Title) with { Published = Published.AddDays(-daysApart) };
        var member = StoryChooser.Assign(earlier, Fingerprint(earlier), [], Window).Member;
        var article = Wire with { Id = "w2" };

        var story = StoryChooser.Assign(article, Fingerprint(article), [member], Window);

        Assert.Null(story.JoinedBy);
    }

    [Fact]
    public void Assign_UnrelatedOrContradictingHeadline_StartsANewStory()
    {
        var unrelated = Article("sport", "s1", "Arsenal beat Chelsea in a derby full of late drama");
        var otherPlace = Article("other", "o1", "Pakistan and Afghanistan agree to unconditional ceasefire");
        var members = new[] { unrelated, otherPlace }.Select(a => StoryChooser.Assign(a, Fingerprint(a), [], Window).Member).ToList();

        var story = StoryChooser.Assign(Wire, Fingerprint(Wire), members, Window);

        Assert.Null(story.JoinedBy);
    }

    [Fact]
    public void Assign_TwoEquallySimilarCandidates_TheFirstReadWins()
    {
        var first = StoryChooser.Assign(Wire, Fingerprint(Wire), [], Window).Member;
        var second = first with { StoryId = "story-second", FeedId = "wire2", RepresentativeKey = "w9" };

        var story = StoryChooser.Assign(Desk, Fingerprint(Desk), [first, second], Window);

        Assert.Equal(first.StoryId, story.StoryId);
    }

    [Fact]
    public void Stamp_OnlyAJoinedArticlesItemCarriesTheStoryId()
    {
        var wire = StoryChooser.Assign(Wire, Fingerprint(Wire), [], Window);
        var desk = StoryChooser.Assign(Desk, Fingerprint(Desk), [wire.Member], Window);

        Assert.Null(wire.Stamp(Item(Wire)).StoryId);
        Assert.Equal(wire.StoryId, desk.Stamp(Item(Desk)).StoryId);
    }

    [Fact]
    public void Fold_PendingEntry_AddsTheJoiningArticleAsAlsoReportedByUpToTheCap()
    {
        var folded = StoryChooser.Fold(Item(Wire), Desk, "story-1");

        Assert.Equal("story-1", folded.StoryId);
        Assert.Equal([new StorySource("desk", Desk.Title, Desk.Link, Desk.Published)], folded.AlsoReportedBy);
        Assert.Equal(Item(Wire).Matches, folded.Matches);

        var full = Item(Wire) with { AlsoReportedBy = [.. Enumerable.Range(0, DigestItem.MaxAlsoReportedBy).Select(i => new StorySource($"f{i}", "t", null, Published))] };
        var capped = StoryChooser.Fold(full, Desk, "story-1");
        Assert.Equal(DigestItem.MaxAlsoReportedBy, capped.AlsoReportedBy.Count);
        Assert.DoesNotContain(capped.AlsoReportedBy, s => s.FeedId == "desk");
        Assert.Equal("story-1", capped.StoryId);
    }

    [Fact]
    public void NewStoryId_SameArticle_SameIdAndFeedIsPartOfIt()
    {
        Assert.Equal(StoryChooser.NewStoryId(Wire), StoryChooser.NewStoryId(Wire with { Title = "changed" }));
        Assert.NotEqual(StoryChooser.NewStoryId(Wire), StoryChooser.NewStoryId(Wire with { FeedId = "other" }));
        Assert.Matches("^story-[0-9a-f]{16}$", StoryChooser.NewStoryId(Wire));
    }

    [Fact]
    public void Member_ToStringThenParse_RoundTripsAndCleansSeparators()
    {
        var article = Article("wire", "id\twith\ttabs", "Ceasefire\tagreed in the\nnight " + new string('x', 400));
        var member = StoryChooser.Assign(article, Fingerprint(article), [], Window).Member;

        var parsed = StoryMember.Parse(member.ToString());

        Assert.NotNull(parsed);
        Assert.Equal(member.StoryId, parsed.StoryId);
        Assert.Equal("id with tabs", parsed.RepresentativeKey);
        Assert.Equal(member.Words, parsed.Words);
        Assert.Equal(member.Names, parsed.Names);
        Assert.Equal(StoryChooser.MaxStoredTitleLength, parsed.Title.Length);
        Assert.DoesNotContain('\n', parsed.Title);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a\tb\tc")]
    [InlineData("s\tr\tf\tnot-a-number\tw\t\tt")]
    public void Parse_Unreadable_Null(string value) => Assert.Null(StoryMember.Parse(value));

    [Fact]
    public void Parse_SevenFieldsFromBeforeNamesWereKept_ReadsAsNamingNothing()
    {
        var parsed = StoryMember.Parse("story-1\tw1\twire\t42\tceasf agree\thttps://x.example/\tTitle");

        Assert.NotNull(parsed);
        Assert.Empty(parsed.Names);
        Assert.Equal(["ceasf", "agree"], parsed.Words);
    }

    private static Article Article(string feedId, string id, string title) =>
        new(id, feedId, title, "", $"https://{feedId}.example/{Uri.EscapeDataString(id)}", Published);

    private static StoryFingerprint Fingerprint(Article article) => StoryFingerprint.Of(article.Title, article.Summary);

    private static DigestItem Item(Article article) =>
        new(article, [new WatchMatch("truce", "Truce", "agreement", WatchPriority.Normal, [])]);
}
