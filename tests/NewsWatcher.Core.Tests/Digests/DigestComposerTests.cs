using NewsWatcher.Core.Digests;
using static NewsWatcher.Core.Tests.Digests.DigestSamples;

namespace NewsWatcher.Core.Tests.Digests;

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

        Assert.Equal("[NewsWatcher] Violation: Shelling breaks truce — and 2 more", digest.Subject);
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
        var digest = DigestComposer.Compose("d", Subscriber(), DeliveryChannel.Alert, [Item("1", "Truce violated", matches: Match("violation"))], Now);

        Assert.Equal("[NewsWatcher] Alert: Violation: Truce violated", digest.Subject);
        Assert.Equal(DeliveryChannel.Alert, digest.Channel);
    }

    [Fact]
    public void Compose_TitleWithLineBreaks_SubjectIsOneLine()
    {
        var digest = Compose(Item("1", "Truce\r\nBcc: victim@example.org\n\u2028end", matches: Match("agreement")));

        Assert.DoesNotContain('\r', digest.Subject);
        Assert.DoesNotContain('\n', digest.Subject);
        Assert.DoesNotContain('\u2028', digest.Subject);
        Assert.Equal("[NewsWatcher] Agreement: Truce Bcc: victim@example.org end", digest.Subject);
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
        Assert.Equal("ana@example.org", digest.Subscriber.Email);
    }
}
