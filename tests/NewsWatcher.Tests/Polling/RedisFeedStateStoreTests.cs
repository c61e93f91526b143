using Microsoft.Extensions.Options;
using NewsWatcher.Core.Polling;
using NewsWatcher.Polling;
using NewsWatcher.Storage;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Polling;

public sealed class RedisFeedStateStoreTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [AllStoreBackends]
    public async Task GetValidatorsAsync_NeverSet_ReturnsNull(StoreBackend backend)
    {
        var store = await fixture.CreateAsync(backend);

        Assert.Null(await store.FeedState.GetValidatorsAsync("unknown-feed", Token));
    }

    [Theory]
    [AllStoreBackends]
    public async Task SetValidatorsAsync_ThenOnlyETag_ReplacesBothFields(StoreBackend backend)
    {
        var store = await fixture.CreateAsync(backend);

        await store.FeedState.SetValidatorsAsync("reuters world", new FeedValidators("\"abc\"", "Wed, 15 Jan 2025 12:00:00 GMT"), Token);
        var first = await store.FeedState.GetValidatorsAsync("reuters world", Token);
        await store.FeedState.SetValidatorsAsync("reuters world", new FeedValidators("W/\"def\"", null), Token);
        var second = await store.FeedState.GetValidatorsAsync("reuters world", Token);

        Assert.Equal(new FeedValidators("\"abc\"", "Wed, 15 Jan 2025 12:00:00 GMT"), first);
        Assert.Equal(new FeedValidators("W/\"def\"", null), second);
    }

    [Theory]
    [AllStoreBackends]
    public async Task GetStatesAsync_SeveralFeedsAndOneNeverSaved_EachStateInTheOrderAsked(StoreBackend backend)
    {
        var store = await fixture.CreateAsync(backend);
        var saved = await SaveThreeAsync(store.FeedState);

        var states = await store.FeedState.GetStatesAsync(["wire", "never-polled", "desk", "slow"], Token);

        Assert.Equal([saved[0].Health.LastSuccess, null, saved[1].Health.LastSuccess, saved[2].Health.LastSuccess], states.Select(s => s.Health.LastSuccess));
        Assert.Equal(saved[0].Health.Rhythm!.ToText(), states[0].Health.Rhythm!.ToText());
        Assert.Equal(saved[0].Health.NextPoll, states[0].Health.NextPoll);
        Assert.Equal(new FeedValidators("\"w1\"", null), states[0].Validators);
        Assert.Equal(FeedHealth.Empty, states[1].Health);
        Assert.Null(states[1].Validators);
        Assert.Equal(3, states[3].Health.ConsecutiveFailures);
        Assert.Empty(await store.FeedState.GetStatesAsync([], Token));
    }

    [Fact]
    public async Task GetStatesAsync_FeedKeysOnSeveralClusterSlots_EachReadFromItsNode()
    {
        var cluster = await fixture.CreateAsync(StoreBackend.RedisCluster);

        // A prefix without a hash tag spreads the feed keys over the cluster's slots, as a batch must cope with.
        var untagged = new StorageOptions { Configuration = cluster.Options.Configuration, DataDirectory = cluster.Options.DataDirectory, KeyPrefix = StoreFixture.UniquePrefix() };
        var store = new RedisFeedStateStore(cluster.Connection, Options.Create(untagged));
        var keys = new RedisKeys(untagged.KeyPrefix);
        var database = await cluster.Connection.GetDatabaseAsync(Token);
        var saved = await SaveThreeAsync(store);

        var states = await store.GetStatesAsync([.. saved.Select(f => f.Id)], Token);

        Assert.True(saved.Select(f => database.Multiplexer.HashSlot(keys.Feed(f.Id))).Distinct().Count() > 1, "the feed keys should fall in different slots");
        Assert.Equal(saved.Select(f => f.Health.LastSuccess), states.Select(s => s.Health.LastSuccess));
        Assert.Equal(saved.Select(f => f.Health.ConsecutiveFailures), states.Select(s => s.Health.ConsecutiveFailures));
    }

    private static async Task<(string Id, FeedHealth Health)[]> SaveThreeAsync(RedisFeedStateStore store)
    {
        var at = new DateTimeOffset(2026, 11, 2, 12, 0, 0, TimeSpan.Zero);
        var rhythm = PublicationRhythm.Empty.Observe([at.AddHours(-3), at.AddHours(-1)], at);
        (string Id, FeedHealth Health)[] feeds =
        [
            ("wire", new FeedHealth { LastSuccess = at, NextPoll = at.AddMinutes(15), Rhythm = rhythm }),
            ("desk", new FeedHealth { LastSuccess = at.AddMinutes(-1) }),
            ("slow", new FeedHealth { LastSuccess = at.AddMinutes(-2), ConsecutiveFailures = 3, LastError = "HTTP 503" }),
        ];
        foreach (var (id, health) in feeds)
        {
            await store.SaveStateAsync(id, health, id == "wire" ? new FeedValidators("\"w1\"", null) : null, Token);
        }

        return feeds;
    }
}
