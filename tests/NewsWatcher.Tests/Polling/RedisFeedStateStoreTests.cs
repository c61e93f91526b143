using NewsWatcher.Storage;
using NewsWatcher.Tests.Infrastructure;
using NewsWatcher.Core.Feeds;
using NewsWatcher.Tests.Storage;

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
}
