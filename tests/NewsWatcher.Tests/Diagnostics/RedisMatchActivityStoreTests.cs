using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NewsWatcher.Core.Matching;
using NewsWatcher.Diagnostics;
using NewsWatcher.Storage;
using NewsWatcher.Tests.Infrastructure;
using NewsWatcher.Tests.Storage;

namespace NewsWatcher.Tests.Diagnostics;

/// <summary>The cluster's recent matches and 24-hour counts: what one replica records, every replica reads.</summary>
public sealed class RedisMatchActivityStoreTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [AllStoreBackends]
    public async Task ReadAsync_TwoReplicasRecord_BothReadTheSameLatestAndCounts(StoreBackend backend)
    {
        var store = await fixture.CreateAsync(backend);

        // The second replica has a connection of its own (another process would); the embedded Garnet is in-process, so it shares it.
        await using var ownConnection = backend == StoreBackend.Garnet ? null : new RedisConnection(Options.Create(store.Options), NullLoggerFactory.Instance, TimeProvider.System);
        var replicaA = new RedisMatchActivityStore(store.Connection, Options.Create(store.Options));
        var replicaB = new RedisMatchActivityStore(ownConnection ?? store.Connection, Options.Create(store.Options));

        await replicaA.RecordAsync([Match("a1", Now.AddMinutes(-30), "truce", "talks")], Token);
        await replicaB.RecordAsync([Match("b1", Now.AddMinutes(-5), "truce"), Match("b2", Now.AddMinutes(-4), "talks")], Token);

        var seenByA = await replicaA.ReadAsync(10, Now, Token);
        var seenByB = await replicaB.ReadAsync(10, Now, Token);

        Assert.Equal(["b2", "b1", "a1"], seenByA.Latest.Select(m => m.Article.Id));
        Assert.Equal(Describe(seenByA.Latest), Describe(seenByB.Latest));
        Assert.Equal(2, seenByA.CountsLast24Hours["truce"]);
        Assert.Equal(2, seenByA.CountsLast24Hours["talks"]);
        Assert.Equal(seenByA.CountsLast24Hours.OrderBy(c => c.Key), seenByB.CountsLast24Hours.OrderBy(c => c.Key));
        Assert.Equal("agreement", seenByB.Latest[2].Stage);
        Assert.Equal("Party A", seenByB.Latest[2].Actor);
        Assert.Equal([new MatchedTerm("ceasefire", "title", 0, 9)], seenByB.Latest[2].Matches[0].Terms);
    }

    [Theory]
    [AllStoreBackends]
    public async Task ReadAsync_MatchesOlderThanTheWindow_AreNotCounted(StoreBackend backend)
    {
        var store = await fixture.CreateAsync(backend);
        var activity = new RedisMatchActivityStore(store.Connection, Options.Create(store.Options));
        await activity.RecordAsync([Match("old", Now - TimeSpan.FromHours(25), "truce"), Match("day", Now - TimeSpan.FromHours(23), "truce")], Token);

        var counts = (await activity.ReadAsync(10, Now, Token)).CountsLast24Hours;
        var aDayLater = (await activity.ReadAsync(10, Now + TimeSpan.FromHours(1.5), Token)).CountsLast24Hours;

        Assert.Equal(1, counts["truce"]);
        Assert.False(aDayLater.ContainsKey("truce"));
    }

    [Theory]
    [AllStoreBackends]
    public async Task RecordAsync_MoreThanCapacity_KeepsOnlyTheNewestAndCountsAll(StoreBackend backend)
    {
        var store = await fixture.CreateAsync(backend);
        var activity = new RedisMatchActivityStore(store.Connection, Options.Create(store.Options));
        var many = Enumerable.Range(0, IMatchActivityStore.Capacity + 20).Select(i => Match($"m{i}", Now.AddSeconds(-500 + i), "truce")).ToList();

        await activity.RecordAsync(many[..60], Token);
        await activity.RecordAsync(many[60..], Token);

        var database = await store.Connection.GetDatabaseAsync(Token);
        Assert.Equal(IMatchActivityStore.Capacity, await database.ListLengthAsync(store.Keys.RecentMatches()));
        var read = await activity.ReadAsync(IMatchActivityStore.Capacity, Now, Token);
        Assert.Equal($"m{IMatchActivityStore.Capacity + 19}", read.Latest[0].Article.Id);
        Assert.Equal("m20", read.Latest[^1].Article.Id);
        Assert.Equal(IMatchActivityStore.Capacity + 20, read.CountsLast24Hours["truce"]);

        // Counters expire with the window: the bucket is not kept forever.
        var ttl = await database.KeyTimeToLiveAsync(store.Keys.MatchCounts(RedisMatchActivityStore.Bucket(many[^1].At)));
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromHours(24), TimeSpan.FromHours(25));
    }

    private static IEnumerable<string> Describe(IReadOnlyList<RecentMatch> matches) =>
        matches.Select(m => $"{m.At:O} {m.Article.FeedId}/{m.Article.Id} {m.Article.Title} {m.Stage} {m.Actor} {string.Join(',', m.Matches.Select(w => w.WatchId))}");

    private static RecentMatch Match(string id, DateTimeOffset at, params string[] watches) =>
        new(at, StoreTestData.Article(id), [.. watches.Select(w => new WatchMatch(w, w, "agreement", WatchPriority.Normal, [new MatchedTerm("ceasefire", "title", 0, 9)]))])
        {
            Stage = "agreement",
            Actor = "Party A",
        };
}
