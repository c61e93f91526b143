using NewsWatcher.Core.Delivery;
using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Core.Parsing;
using NewsWatcher.Testing;
using NewsWatcher.Tests.Infrastructure;
using NewsWatcher.Tests.Storage;

namespace NewsWatcher.Tests.Dedup;

/// <summary>
/// Dedup the way readers see it, on real headlines from the news corpus published at their real capture times:
/// one story from several outlets is one pending entry; an edited headline or a changed guid is not news again.
/// </summary>
public sealed class StoryDedupTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<StoreBackend> Backends => [StoreBackend.Garnet, StoreBackend.Redis, StoreBackend.RedisCluster];

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task RecordAsync_SameStoryFromThreeOutlets_OneEntryListingTheOthers(StoreBackend backend)
    {
        var store = await CreateAsync(backend);
        // Doha cease-fire, 19 Oct 2025: Reuters 04:27, AP 06:49, Al Jazeera 08:50.
        var reuters = FromCorpus("gn-55de2b2c98");
        var ap = FromCorpus("gn-c18ab91bd8");
        var aljazeera = FromCorpus("gn-34ffd5c9b9");

        var results = new List<bool>();
        foreach (var article in new[] { reuters, ap, aljazeera })
        {
            results.AddRange(await store.Ledger.RecordAsync([Deliver(article, "desk")], Token));
        }

        Assert.Equal([true, true, true], results);
        var entry = Assert.Single(await store.Pending.ListAsync("desk", OutboxKind.Digest, Token));
        Assert.Equal(reuters.Id, entry.Key);
        Assert.Equal(["AP News", "Al Jazeera"], entry.AlsoReportedBy.Select(s => s.FeedId));
        Assert.Equal(ap.Title, entry.AlsoReportedBy[0].Title);
        Assert.Equal(3, entry.SourceCount);
        Assert.NotNull(entry.StoryId);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task RecordAsync_DifferentDevelopmentsAndSameWordsMonthsApart_StaySeparate(StoreBackend backend)
    {
        var store = await CreateAsync(backend);
        // Reuters: a violation (30 Jul) and ASEAN observers (7 Aug); then "Oil rises as US-Iran peace talks stall",
        // BBC in April and Reuters in August 2026: alike in words, but far outside the story window.
        string[] ids = ["gn-ef01c5d667", "gn-086f982839", "gn-648d0b5e55", "gn-45580acc36"];

        foreach (var id in ids)
        {
            await store.Ledger.RecordAsync([Deliver(FromCorpus(id), "desk")], Token);
        }

        var entries = await store.Pending.ListAsync("desk", OutboxKind.Digest, Token);
        Assert.Equal(4, entries.Count);
        Assert.All(entries, e => Assert.Empty(e.AlsoReportedBy));
        Assert.All(entries, e => Assert.Null(e.StoryId));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task RecordAsync_StoryEntryAlreadyBeingSent_LaterOutletGetsItsOwnEntry(StoreBackend backend)
    {
        var store = await CreateAsync(backend);
        var reuters = FromCorpus("gn-8eb50c0787");
        var bbc = FromCorpus("gn-b9f9a2c9d7");
        await store.Ledger.RecordAsync([Deliver(reuters, "desk")], Token);
        await store.Pending.BeginSendingAsync("desk", OutboxKind.Digest, StoreTestData.Record("d1", reuters.Id), Token);

        await store.Ledger.RecordAsync([Deliver(bbc, "desk")], Token);

        var entries = await store.Pending.ListAsync("desk", OutboxKind.Digest, Token);
        Assert.Equal([reuters.Id, bbc.Id], entries.Select(e => e.Key));
        Assert.Empty(entries[0].AlsoReportedBy);
        Assert.NotNull(entries[1].StoryId);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task RecordAsync_GuidAndLinkChanged_SameHeadlineNotNewAgain(StoreBackend backend)
    {
        var store = await CreateAsync(backend);
        var original = new Article("guid-1", "wire", "Thailand and Cambodia agree to unconditional ceasefire", "", "https://wire.example/a/1", DateTimeOffset.UnixEpoch);
        var republished = original with { Id = "guid-2", Link = "https://wire.example/a/1-updated" };

        var first = await store.Ledger.RecordAsync([Deliver(original, "desk")], Token);
        var second = await store.Ledger.RecordAsync([Deliver(republished, "desk")], Token);

        Assert.Equal([true], first);
        Assert.Equal([false], second);
        Assert.Single(await store.Pending.ListAsync("desk", OutboxKind.Digest, Token));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task RecordAsync_HeadlineEditedSameGuid_NotNewAgain(StoreBackend backend)
    {
        var store = await CreateAsync(backend);
        var original = new Article("guid-1", "wire", "Thailand and Cambodia agree to ceasefire", "", null, DateTimeOffset.UnixEpoch);
        var edited = original with { Title = "Thailand and Cambodia agree to unconditional ceasefire from midnight" };

        await store.Ledger.RecordAsync([Deliver(original, "desk")], Token);
        var second = await store.Ledger.RecordAsync([Deliver(edited, "desk")], Token);

        Assert.Equal([false], second);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task RecordAsync_SameKindOfIncidentInTwoPlaces_TwoEntries(StoreBackend backend)
    {
        var store = await CreateAsync(backend);
        var published = new DateTimeOffset(2026, 4, 19, 9, 0, 0, TimeSpan.Zero);
        var sumy = new Article("s1", "wire-a", "Russia accuses Kyiv of violating Easter truce near Sumy, governor says", "", "https://wire-a.example/s1", published);
        var orikhiv = new Article("o1", "wire-b", "Russia accuses Kyiv of violating Easter truce near Orikhiv", "", "https://wire-b.example/o1", published.AddHours(1));

        await store.Ledger.RecordAsync([Deliver(sumy, "desk")], Token);
        await store.Ledger.RecordAsync([Deliver(orikhiv, "desk")], Token);

        var entries = await store.Pending.ListAsync("desk", OutboxKind.Digest, Token);
        Assert.Equal(["o1", "s1"], entries.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.All(entries, e => Assert.Empty(e.AlsoReportedBy));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task RecordAsync_StoryFromManyOutlets_OneEntryWithABoundedSourceList(StoreBackend backend)
    {
        var store = await CreateAsync(backend);
        var published = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
        var outlets = DigestItem.MaxAlsoReportedBy + 5;

        for (var i = 0; i <= outlets; i++)
        {
            var article = new Article($"a{i}", $"outlet-{i}", "Thailand and Cambodia agree to unconditional ceasefire", "", $"https://outlet-{i}.example/a", published.AddMinutes(i));
            await store.Ledger.RecordAsync([Deliver(article, "desk")], Token);
        }

        var entry = Assert.Single(await store.Pending.ListAsync("desk", OutboxKind.Digest, Token));
        Assert.Equal("a0", entry.Key);
        Assert.Equal(DigestItem.MaxAlsoReportedBy, entry.AlsoReportedBy.Count);
        Assert.Equal("outlet-1", entry.AlsoReportedBy[0].FeedId);
    }

    private ValueTask<StoreContext> CreateAsync(StoreBackend backend) => fixture.CreateAsync(backend);

    /// <summary>A corpus headline as its outlet's feed would carry it: the outlet is the feed, the capture time the publication time.</summary>
    private static Article FromCorpus(string id)
    {
        var headline = CorpusHeadlines.Get(id);
        return new Article(id, headline.Outlet, headline.Title, headline.Description, $"https://{headline.Outlet.Replace(' ', '-').ToLowerInvariant()}.example/{id}", headline.Captured);
    }

    private static ArticleDeliveries Deliver(Article article, string subscriber) =>
        new(article, [new PendingDelivery(subscriber, OutboxKind.Digest, new DigestItem(article, [new WatchMatch("truce", "Truce", "ceasefire", WatchPriority.Normal, [])]))]);
}
