using NewsWatcher.Core.Delivery;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Tests.Infrastructure;
using static NewsWatcher.Tests.Storage.StoreTestData;

namespace NewsWatcher.Tests.Outbox;

public sealed class RedisPendingStoreTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [AllStoreBackends]
    public async Task AckAsync_AfterBeginSending_RemovesExactlyTheRecordsItemsAndKeepsLaterOnes(StoreBackend backend)
    {
        var store = await fixture.CreateAsync(backend);
        await store.Ledger.RecordAsync(
            [Deliveries(Article("s1"), ("alice", OutboxKind.Digest)), Deliveries(Article("s2"), ("alice", OutboxKind.Digest))], Token);
        var record = Record("digest-1", "s1", "s2");

        await store.Pending.BeginSendingAsync("alice", OutboxKind.Digest, record, Token);
        await store.Ledger.RecordAsync([Deliveries(Article("s3"), ("alice", OutboxKind.Digest))], Token);
        var sending = await store.Pending.GetSendingAsync("alice", OutboxKind.Digest, Token);
        var pendingWhileSending = await store.Pending.CountAsync("alice", OutboxKind.Digest, Token);
        await store.Pending.AckAsync("alice", OutboxKind.Digest, record, Token);

        Assert.NotNull(sending);
        Assert.Equal("digest-1", sending.DigestId);
        Assert.Equal(["s1", "s2"], sending.ItemKeys);
        Assert.Equal(record.Message, sending.Message);
        Assert.Equal(3, pendingWhileSending);
        Assert.Equal(["s3"], (await store.Pending.ListAsync("alice", OutboxKind.Digest, Token)).Select(i => i.Key));
        Assert.Null(await store.Pending.GetSendingAsync("alice", OutboxKind.Digest, Token));
    }

    [Theory]
    [AllStoreBackends]
    public async Task ListAsync_CorruptEntry_SkipsItAndReturnsTheRest(StoreBackend backend)
    {
        var store = await fixture.CreateAsync(backend);
        await store.Ledger.RecordAsync([Deliveries(Article("good"), ("alice", OutboxKind.Digest))], Token);
        var database = await store.Connection.GetDatabaseAsync(Token);
        await database.HashSetAsync(store.Keys.Pending("alice", OutboxKind.Digest), "bad", "{not json");

        var items = await store.Pending.ListAsync("alice", OutboxKind.Digest, Token);

        Assert.Equal(["good"], items.Select(i => i.Key));
    }

    [Theory]
    [AllStoreBackends]
    public async Task ListAsync_ItemWithStage_KeepsStageAndActor_ItemQueuedWithoutThemStillReads(StoreBackend backend)
    {
        var store = await fixture.CreateAsync(backend);
        var staged = Item(Article("staged")) with { Stage = "acceptance", Actor = "Russia" };
        await store.Ledger.RecordAsync([new(staged.Article, [new("alice", OutboxKind.Digest, staged)])], Token);
        var database = await store.Connection.GetDatabaseAsync(Token);

        // What an older version queued: the same item without the stage fields.
        await database.HashSetAsync(
            store.Keys.Pending("alice", OutboxKind.Digest),
            "old",
            """{"Article":{"Id":"old","FeedId":"feed-a","Title":"Truce talks","Summary":"","Link":null,"Published":"2025-01-15T11:00:00+00:00"},"Matches":[{"WatchId":"truce","WatchName":"Truce watch","Category":"talks","Priority":"Normal","Terms":[]}]}""");

        var items = (await store.Pending.ListAsync("alice", OutboxKind.Digest, Token)).ToDictionary(i => i.Key);

        Assert.Equal(("acceptance", "Russia"), (items["staged"].Stage, items["staged"].Actor));
        Assert.Equal((null, null), (items["old"].Stage, items["old"].Actor));
        Assert.Equal("talks", DigestComposer.PrimaryCategory(items["old"]));
    }

    [Theory]
    [AllStoreBackends]
    public async Task ListAsync_SeveralItems_OldestFirst(StoreBackend backend)
    {
        var store = await fixture.CreateAsync(backend);
        await store.Ledger.RecordAsync(
        [
            Deliveries(Article("late", minutes: 30), ("alice", OutboxKind.Digest)),
            Deliveries(Article("early", minutes: 1), ("alice", OutboxKind.Digest)),
        ], Token);

        var items = await store.Pending.ListAsync("alice", OutboxKind.Digest, Token);

        Assert.Equal(["early", "late"], items.Select(i => i.Key));
    }

    [Theory]
    [AllStoreBackends]
    public async Task GetSendingAsync_NothingSent_ReturnsNull(StoreBackend backend)
    {
        var store = await fixture.CreateAsync(backend);

        Assert.Null(await store.Pending.GetSendingAsync("nobody", OutboxKind.Alert, Token));
        Assert.Equal(0, await store.Pending.CountAsync("nobody", OutboxKind.Alert, Token));
    }

    [Theory]
    [AllStoreBackends]
    public async Task GetSendingAsync_CorruptRecord_ReturnsNullAndKeepsItems(StoreBackend backend)
    {
        var store = await fixture.CreateAsync(backend);
        await store.Ledger.RecordAsync([Deliveries(Article("kept"), ("alice", OutboxKind.Alert))], Token);
        var database = await store.Connection.GetDatabaseAsync(Token);
        await database.StringSetAsync(store.Keys.Sending("alice", OutboxKind.Alert), "garbage");

        Assert.Null(await store.Pending.GetSendingAsync("alice", OutboxKind.Alert, Token));
        Assert.Equal(1, await store.Pending.CountAsync("alice", OutboxKind.Alert, Token));
    }
}
