using NewsWatcher.Core.Delivery;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Core.Subscribers;
using static NewsWatcher.Core.Tests.Delivery.DigestSamples;

namespace NewsWatcher.Core.Tests.Delivery;

public sealed class DigestComposerTests
{
    [Fact]
    public void Compose_MixedCategories_SectionsInImportanceOrder()
    {
        var digest = Compose(
            Item("1", "Aid convoy", matches: Match("humanitarian")),
            Item("2", "Talks resume", matches: Match("talks")),
            Item("3", "Shelling breaks truce", matches: Match("violation")),
            Item("4", "Something", matches: Match("weather")),
            Item("5", "Side accepts", matches: Match("Acceptance")));

        Assert.Equal(["violation", "acceptance", "talks", "humanitarian", "other"], digest.Sections.Select(s => s.Category));
        Assert.Equal(5, digest.ItemCount);
    }

    [Fact]
    public void Compose_ItemWithSeveralCategories_PlacedOnceUnderMostImportant()
    {
        var digest = Compose(Item("1", "Proposal rejected", matches: [Match("proposal"), Match("rejection", "rej", "Rejections")]));

        var section = Assert.Single(digest.Sections);
        Assert.Equal("rejection", section.Category);
        Assert.Single(section.Items);
    }

    [Fact]
    public void Compose_ItemsInSection_NewestFirst()
    {
        var digest = Compose(
            Item("old", "Old", Now.AddHours(-3), matches: Match("talks")),
            Item("new", "New", Now.AddHours(-1), matches: Match("talks")),
            Item("mid", "Mid", Now.AddHours(-2), matches: Match("talks")));

        Assert.Equal(["new", "mid", "old"], digest.Sections[0].Items.Select(i => i.Article.Id));
    }

    [Fact]
    public void Compose_DuplicateArticle_KeptOnce()
    {
        var digest = Compose(Item("1", "A", matches: Match("talks")), Item("1", "A", matches: Match("talks")));

        Assert.Equal(1, digest.ItemCount);
    }

    [Fact]
    public void Compose_SeveralItems_SubjectNamesTopCategoryHeadlineAndCount()
    {
        var digest = Compose(
            Item("1", "Talks resume in Doha", matches: Match("talks")),
            Item("2", "Shelling breaks truce", matches: Match("violation")),
            Item("3", "Aid enters", matches: Match("humanitarian")));

        Assert.Equal("[NewsWatcher] Truce violated: Shelling breaks truce — and 2 more", digest.Subject);
    }

    [Fact]
    public void Compose_OneItem_SubjectHasNoCount()
    {
        var digest = Compose(Item("1", "Talks resume", matches: Match("talks")));

        Assert.Equal("[NewsWatcher] Talks: Talks resume", digest.Subject);
    }

    [Fact]
    public void Compose_AlertChannel_SubjectStartsWithAlert()
    {
        var digest = DigestComposer.Compose("d", new Route(Subscriber()), OutboxKind.Alert, [Item("1", "Truce violated", matches: Match("violation"))], Now);

        Assert.Equal("[NewsWatcher] Alert: Truce violated: Truce violated", digest.Subject);
        Assert.Equal(OutboxKind.Alert, digest.Outbox);
    }

    [Fact]
    public void Compose_TitleWithLineBreaks_SubjectIsOneLine()
    {
        var digest = Compose(Item("1", "Truce\r\nBcc: victim@example.org\n\u2028end", matches: Match("agreement")));

        Assert.DoesNotContain('\r', digest.Subject);
        Assert.DoesNotContain('\n', digest.Subject);
        Assert.DoesNotContain('\u2028', digest.Subject);
        Assert.Equal("[NewsWatcher] Truce agreed: Truce Bcc: victim@example.org end", digest.Subject);
    }

    [Fact]
    public void Compose_LongHeadline_TruncatedWithEllipsis()
    {
        var title = string.Join(' ', Enumerable.Repeat("ceasefire", 30));

        var digest = Compose(Item("1", title, matches: Match("talks")));

        var headline = digest.Subject["[NewsWatcher] Talks: ".Length..];
        Assert.EndsWith("…", headline, StringComparison.Ordinal);
        Assert.InRange(headline.Length, 80, DigestComposer.MaxHeadlineLength + 1);
    }

    [Fact]
    public void Compose_Always_KeepsIdSubscriberAndTime()
    {
        var digest = Compose(Item("1", "A"));

        Assert.Equal("d-1", digest.Id);
        Assert.Equal(Now, digest.CreatedAt);
        Assert.Equal("ana@example.org", digest.Route.Email);
    }

    [Fact]
    public void Compose_IssueExample_SubjectNamesDevelopmentHeadlineAndCount()
    {
        var items = new List<DigestItem> { Item("top", "Putin agrees to 30-day cease-fire", matches: Match("acceptance")) };
        items.AddRange(Enumerable.Range(1, 6).Select(i => Item($"t{i}", $"Talks round {i}", Now.AddMinutes(i), matches: Match("talks"))));

        var digest = DigestComposer.Compose("d", new Route(Subscriber()), OutboxKind.Digest, items, Now);

        Assert.Equal("[NewsWatcher] Truce accepted: Putin agrees to 30-day cease-fire — and 6 more", digest.Subject);
    }

    [Theory]
    [InlineData("[Desk]", "[Desk] Talks: Talks resume")]
    [InlineData("", "Talks: Talks resume")]
    [InlineData("[Evil]\r\nBcc: x@example.org", "[Evil] Bcc: x@example.org Talks: Talks resume")]
    public void Compose_SubjectPrefix_ConfigurableAndOneLine(string prefix, string expected)
    {
        var digest = DigestComposer.Compose("d", new Route(Subscriber()), OutboxKind.Digest, [Item("1", "Talks resume", matches: Match("talks"))], Now, prefix);

        Assert.Equal(expected, digest.Subject);
    }

    [Fact]
    public void Compose_SameStoryFromSeveralFeeds_OneEntryNewestLeadsOthersAlsoReported()
    {
        var older = Item("a", "Truce agreed, Reuters says", Now.AddHours(-2), feedId: "reuters", matches: Match("agreement")) with { StoryId = "s1" };
        var newer = Item("b", "Truce agreed", Now.AddHours(-1), feedId: "bbc", matches: Match("agreement")) with { StoryId = "s1" };
        var other = Item("c", "Talks resume", Now, matches: Match("talks"));

        var digest = DigestComposer.Compose("d", new Route(Subscriber()), OutboxKind.Digest, [older, newer, other], Now);

        var agreement = digest.Sections[0];
        var story = Assert.Single(agreement.Items);
        Assert.Equal("b", story.Article.Id);
        Assert.Equal("reuters", Assert.Single(story.AlsoReportedBy).FeedId);
        Assert.Equal(2, story.SourceCount);
        Assert.Equal(2, digest.ItemCount);
    }

    [Fact]
    public void Compose_MoreStoriesThanCap_KeepsMostImportantAndCountsTheRest()
    {
        var subscriber = Subscriber() with { MaxItems = 2 };
        DigestItem[] items =
        [
            Item("t1", "Talks 1", Now.AddMinutes(-3), matches: Match("talks")),
            Item("v1", "Violation 1", Now.AddMinutes(-9), matches: Match("violation")),
            Item("t2", "Talks 2", Now.AddMinutes(-1), matches: Match("talks")),
            Item("h1", "Aid 1", Now, matches: Match("humanitarian")),
        ];

        var digest = DigestComposer.Compose("d", new Route(subscriber), OutboxKind.Digest, items, Now);

        Assert.Equal(["v1", "t2"], digest.Sections.SelectMany(s => s.Items).Select(i => i.Article.Id));
        Assert.Equal([new DigestOmission("talks", 1), new DigestOmission("humanitarian", 1)], digest.Omitted);
        Assert.EndsWith("— and 3 more", digest.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_ItemsWithStages_GroupedByStageNotByWatchCategory()
    {
        var digest = Compose(
            Item("1", "Hamas accepts truce as strikes go on", matches: Match("violation")) with { Stage = "acceptance", Actor = "Hamas" },
            Item("2", "Oil slides on truce hopes", matches: Match("agreement")) with { Stage = "talks" },
            Item("3", "Talks stall", matches: Match("talks")) with { Stage = "talks" });

        Assert.Equal(["acceptance", "talks"], digest.Sections.Select(s => s.Category));
        Assert.Equal(["2", "3"], digest.Sections[1].Items.Select(i => i.Article.Id).Order());
    }

    [Fact]
    public void Compose_ItemQueuedBeforeStagesExisted_FiledUnderItsWatchCategory()
    {
        var digest = Compose(
            Item("old", "Queued by an older version", matches: [Match("proposal"), Match("rejection", "rej", "Rejections")]),
            Item("new", "Queued with a stage", matches: Match("rejection")) with { Stage = "other" });

        Assert.Equal(["rejection", "other"], digest.Sections.Select(s => s.Category));
    }

    [Fact]
    public void Compose_LeadItemStageAndActor_NameTheSubject()
    {
        var digest = Compose(
            Item("1", "Kremlin accepts ceasefire plan", matches: Match("violation")) with { Stage = "acceptance", Actor = "Russia" },
            Item("2", "Talks resume", matches: Match("talks")) with { Stage = "talks" });

        Assert.Equal("[NewsWatcher] Truce accepted — Russia: Kremlin accepts ceasefire plan — and 1 more", digest.Subject);
    }

    [Fact]
    public void Compose_AlertWithoutActor_SubjectUsesTheStageOnly()
    {
        var item = Item("1", "Shelling despite the truce", matches: Match("other")) with { Stage = "violation" };

        var alert = DigestComposer.Compose("a-1", new Route(Subscriber()), OutboxKind.Alert, [item], Now);

        Assert.Equal("[NewsWatcher] Alert: Truce violated: Shelling despite the truce", alert.Subject);
    }
}
