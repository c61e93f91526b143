using System.Text.Json;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Storage;
using NewsWatcher.Tests.Infrastructure;
using static NewsWatcher.Tests.Storage.StoreTestData;

namespace NewsWatcher.Tests.Dedup;

public sealed class RedisArticleLedgerTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [AllStoreBackends]
    public async Task RecordAsync_SameArticleTwice_SecondIsNotNewAndNothingReEnqueued(StoreBackend backend)
    {
        var store = await fixture.CreateAsync(backend);
        var article = Article("a1");

        var first = await store.Ledger.RecordAsync([Deliveries(article, ("alice", OutboxKind.Digest))], Token);
        var pendingAfterFirst = await store.Pending.ListAsync("alice", OutboxKind.Digest, Token);
        var acked = Record("d1", article.Id);
        await store.Pending.BeginSendingAsync("alice", OutboxKind.Digest, acked, Token);
        await store.Pending.AckAsync("alice", OutboxKind.Digest, acked, Token);
        var second = await store.Ledger.RecordAsync([Deliveries(article, ("alice", OutboxKind.Digest))], Token);

        Assert.Equal([true], first);
        Assert.Single(pendingAfterFirst);
        Assert.Equal([false], second);
        Assert.Equal(0, await store.Pending.CountAsync("alice", OutboxKind.Digest, Token));
    }

    [Theory]
    [AllStoreBackends]
    public async Task RecordAsync_SameLinkDifferentId_NotNew(StoreBackend backend)
    {
        var store = await fixture.CreateAsync(backend);
        var original = Article("guid-1", link: "https://news.example/story");
        var syndicated = Article("guid-2", link: "https://news.example/story", feedId: "feed-b");

        var first = await store.Ledger.RecordAsync([Deliveries(original, ("bob", OutboxKind.Alert))], Token);
        var second = await store.Ledger.RecordAsync([Deliveries(syndicated, ("bob", OutboxKind.Alert))], Token);

        Assert.Equal([true], first);
        Assert.Equal([false], second);
        var pending = await store.Pending.ListAsync("bob", OutboxKind.Alert, Token);
        Assert.Equal("guid-1", Assert.Single(pending).Key);
    }

    [Theory]
    [AllStoreBackends]
    public async Task RecordAsync_DuplicateWithinBatch_OnlyFirstIsNew(StoreBackend backend)
    {
        var store = await fixture.CreateAsync(backend);
        var article = Article("dup", link: null);

        var result = await store.Ledger.RecordAsync(
            [Deliveries(article, ("carol", OutboxKind.Digest)), Deliveries(article, ("carol", OutboxKind.Digest))], Token);

        Assert.Equal([true, false], result);
        Assert.Equal(1, await store.Pending.CountAsync("carol", OutboxKind.Digest, Token));
    }

    [Theory]
    [AllStoreBackends]
    public async Task RecordAsync_BatchOf500_AllNewInOneCallAndSecondCallNoneNew(StoreBackend backend)
    {
        var store = await fixture.CreateAsync(backend);
        var batch = Enumerable.Range(0, 500)
            .Select(i => Deliveries(Article($"bulk-{i}", minutes: i), ("dave", OutboxKind.Digest), ("erin", OutboxKind.Alert)))
            .ToList();

        var first = await store.Ledger.RecordAsync(batch, Token);
        var second = await store.Ledger.RecordAsync(batch, Token);

        Assert.Equal(500, first.Count);
        Assert.All(first, Assert.True);
        Assert.All(second, Assert.False);
        Assert.Equal(500, await store.Pending.CountAsync("dave", OutboxKind.Digest, Token));
        Assert.Equal(500, await store.Pending.CountAsync("erin", OutboxKind.Alert, Token));
    }

    [Theory]
    [AllStoreBackends]
    public async Task RecordAsync_MixedDeliveries_LandInTheRightPendingHashes(StoreBackend backend)
    {
        var store = await fixture.CreateAsync(backend);
        var urgent = Article("urgent-1");
        var routine = Article("routine-1");

        await store.Ledger.RecordAsync(
        [
            Deliveries(urgent, ("alice", OutboxKind.Alert), ("bob", OutboxKind.Digest)),
            Deliveries(routine, ("alice", OutboxKind.Digest)),
        ], Token);

        Assert.Equal(["urgent-1"], (await store.Pending.ListAsync("alice", OutboxKind.Alert, Token)).Select(i => i.Key));
        Assert.Equal(["routine-1"], (await store.Pending.ListAsync("alice", OutboxKind.Digest, Token)).Select(i => i.Key));
        Assert.Equal(["urgent-1"], (await store.Pending.ListAsync("bob", OutboxKind.Digest, Token)).Select(i => i.Key));
        Assert.Equal(0, await store.Pending.CountAsync("bob", OutboxKind.Alert, Token));
    }

    [Theory]
    [AllStoreBackends]
    public async Task RecordAsync_NewArticle_ItemRoundTripsThroughJson(StoreBackend backend)
    {
        var store = await fixture.CreateAsync(backend);
        var article = Article("round-trip");
        var expected = Item(article);

        await store.Ledger.RecordAsync([Deliveries(article, ("alice", OutboxKind.Alert))], Token);
        var actual = Assert.Single(await store.Pending.ListAsync("alice", OutboxKind.Alert, Token));

        Assert.Equal(article, actual.Article);
        Assert.Equal(
            JsonSerializer.Serialize(expected, StoreJsonContext.Default.DigestItem),
            JsonSerializer.Serialize(actual, StoreJsonContext.Default.DigestItem));
        var stored = await (await store.Connection.GetDatabaseAsync(Token)).HashGetAsync(store.Keys.Pending("alice", OutboxKind.Alert), article.Id);
        Assert.Contains("\"Urgent\"", stored.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [AllStoreBackends]
    public async Task RecordAsync_NewArticle_SeenKeysExpire(StoreBackend backend)
    {
        var store = await fixture.CreateAsync(backend, dedup: o => o.SeenTtl = TimeSpan.FromHours(2));
        var article = Article("ttl-1");

        await store.Ledger.RecordAsync([Deliveries(article)], Token);
        var database = await store.Connection.GetDatabaseAsync(Token);
        var idTtl = await database.KeyTimeToLiveAsync(store.Keys.SeenId(article));
        var linkTtl = await database.KeyTimeToLiveAsync(store.Keys.SeenLink(article.Link!));

        Assert.InRange(idTtl!.Value, TimeSpan.FromMinutes(119), TimeSpan.FromHours(2));
        Assert.InRange(linkTtl!.Value, TimeSpan.FromMinutes(119), TimeSpan.FromHours(2));
    }

    [Theory]
    [AllStoreBackends]
    public async Task RecordAsync_SameIdInAnotherFeed_IsNew(StoreBackend backend)
    {
        var store = await fixture.CreateAsync(backend);

        var first = await store.Ledger.RecordAsync([Deliveries(Article("42", link: null, feedId: "feed-a"))], Token);
        var second = await store.Ledger.RecordAsync([Deliveries(Article("42", link: null, feedId: "feed-b"))], Token);

        Assert.Equal([true], first);
        Assert.Equal([true], second);
    }

    [Theory]
    [AllStoreBackends]
    public async Task AreSeenAsync_AfterRecord_TrueOnlyForRecordedIdsOfThatFeed(StoreBackend backend)
    {
        var store = await fixture.CreateAsync(backend);
        await store.Ledger.RecordAsync([Deliveries(Article("a1"), ("alice", OutboxKind.Digest))], Token);

        var seen = await store.Ledger.AreSeenAsync([Article("a1"), Article("a2"), Article("a1", feedId: "feed-b")], Token);

        Assert.Equal([true, false, false], seen);
    }
}
