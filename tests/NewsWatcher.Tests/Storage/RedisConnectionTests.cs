using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Dedup;
using NewsWatcher.Outbox;
using NewsWatcher.Storage;
using NewsWatcher.Tests.Infrastructure;
using static NewsWatcher.Tests.Storage.StoreTestData;

namespace NewsWatcher.Tests.Storage;

public sealed class RedisConnectionTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DisposeAsync_EmbeddedGarnetRestartedOnSameDataDirectory_KeepsSeenPendingAndSending()
    {
        var options = fixture.GarnetOptions();
        var article = Article("durable-1");
        var record = Record("digest-durable", "durable-1");

        await using (var first = new RedisConnection(Options.Create(options), NullLoggerFactory.Instance, TimeProvider.System))
        {
            var store = new StoreContext(first, options);
            Assert.Equal([true], await store.Ledger.RecordAsync([Deliveries(article, ("alice", OutboxKind.Digest))], Token));
            await store.Pending.BeginSendingAsync("alice", OutboxKind.Digest, record, Token);
        }

        await using var second = new RedisConnection(Options.Create(options), NullLoggerFactory.Instance, TimeProvider.System);
        var restarted = new StoreContext(second, options);

        var sending = await restarted.Pending.GetSendingAsync("alice", OutboxKind.Digest, Token);
        Assert.NotNull(sending);
        Assert.Equal(record.Message, sending.Message);
        Assert.Equal(["durable-1"], (await restarted.Pending.ListAsync("alice", OutboxKind.Digest, Token)).Select(i => i.Key));
        Assert.Equal([false], await restarted.Ledger.RecordAsync([Deliveries(article, ("alice", OutboxKind.Digest))], Token));
        var ttl = await (await second.GetDatabaseAsync(Token)).KeyTimeToLiveAsync(restarted.Keys.SeenId(article));
        Assert.True(ttl > TimeSpan.Zero);
    }

    [Fact]
    public async Task GetMultiplexerAsync_ConcurrentFirstCalls_StartOneServer()
    {
        await using var connection = new RedisConnection(Options.Create(fixture.GarnetOptions()), NullLoggerFactory.Instance, TimeProvider.System);

        var multiplexers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => connection.GetMultiplexerAsync(Token).AsTask()));

        Assert.All(multiplexers, m => Assert.Same(multiplexers[0], m));
        Assert.True(multiplexers[0].IsConnected);
    }

    [Fact]
    public async Task GetMultiplexerAsync_RedisClusterWithUntaggedPrefix_FailsNamingTheHashTagToUse()
    {
        var options = new StorageOptions { Configuration = StoreFixture.RequireUrl(StoreBackend.RedisCluster), KeyPrefix = "plain:" };
        await using var connection = new RedisConnection(Options.Create(options), NullLoggerFactory.Instance, TimeProvider.System);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await connection.GetMultiplexerAsync(Token));

        Assert.Contains("Redis Cluster", error.Message, StringComparison.Ordinal);
        Assert.Contains("'{plain}:'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetMultiplexerAsync_RedisUnreachableAtStart_ReturnsDisconnectedInsteadOfThrowing()
    {
        var options = new StorageOptions { Configuration = "127.0.0.1:1,connectTimeout=200", KeyPrefix = StoreFixture.UniquePrefix() };
        await using var connection = new RedisConnection(Options.Create(options), NullLoggerFactory.Instance, TimeProvider.System);

        var multiplexer = await connection.GetMultiplexerAsync(Token);

        Assert.False(multiplexer.IsConnected);
    }

    [Fact]
    public void AddNewsWatcherStore_InvalidKeyPrefix_FailsValidation()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:KeyPrefix"] = "has spaces!" })
            .Build();
        using var provider = new ServiceCollection().AddLogging().AddNewsWatcherStore(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<StorageOptions>>().Value);

        Assert.Contains("KeyPrefix", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddNewsWatcherStoreAndDedup_ValidConfiguration_ResolvesStoresOnOneConnection()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:DataDirectory"] = fixture.NewDataDirectory(),
                ["Storage:KeyPrefix"] = StoreFixture.UniquePrefix(),
            })
            .Build();
        await using var provider = new ServiceCollection().AddLogging().AddNewsWatcherStore(configuration).AddNewsWatcherDedup(configuration).BuildServiceProvider();

        var ledger = provider.GetRequiredService<IArticleLedger>();
        var pending = provider.GetRequiredService<IPendingStore>();

        Assert.Equal([true], await ledger.RecordAsync([Deliveries(Article("di-1"), ("alice", OutboxKind.Alert))], Token));
        Assert.Equal(1, await pending.CountAsync("alice", OutboxKind.Alert, Token));
        Assert.Same(provider.GetRequiredService<RedisConnection>(), provider.GetRequiredService<RedisConnection>());
    }
}
