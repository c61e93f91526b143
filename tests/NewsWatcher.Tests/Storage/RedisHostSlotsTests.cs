using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NewsWatcher.Fetching;
using NewsWatcher.Storage;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Storage;

/// <summary>Cluster-wide per-host request slots: three replicas (three limiters) on one store never exceed the limit.</summary>
public sealed class RedisHostSlotsTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [AllStoreBackends]
    public async Task TryAcquireAsync_LimitTwoAcrossReplicas_ThirdWaitsUntilOneIsReleased(StoreBackend backend)
    {
        var store = await fixture.CreateAsync(backend);
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var replicas = Enumerable.Range(0, 3).Select(_ => new RedisHostSlots(store.Connection, Options.Create(store.Options), time)).ToList();

        var first = await replicas[0].TryAcquireAsync("news.example.org", 2, Lease, Token);
        var second = await replicas[1].TryAcquireAsync("NEWS.example.org", 2, Lease, Token);
        var third = await replicas[2].TryAcquireAsync("news.example.org", 2, Lease, Token);
        var otherHost = await replicas[2].TryAcquireAsync("wire.example.org", 2, Lease, Token);

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Null(third);
        Assert.NotNull(otherHost);

        await replicas[0].ReleaseAsync("news.example.org", first);
        Assert.NotNull(await replicas[2].TryAcquireAsync("news.example.org", 2, Lease, Token));
    }

    [Theory]
    [AllStoreBackends]
    public async Task TryAcquireAsync_HolderDiedWithoutReleasing_SlotFreesWhenTheLeaseRunsOut(StoreBackend backend)
    {
        var store = await fixture.CreateAsync(backend);
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var dead = new RedisHostSlots(store.Connection, Options.Create(store.Options), time);
        var alive = new RedisHostSlots(store.Connection, Options.Create(store.Options), time);
        Assert.NotNull(await dead.TryAcquireAsync("news.example.org", 1, Lease, Token));
        Assert.Null(await alive.TryAcquireAsync("news.example.org", 1, Lease, Token));

        time.Advance(Lease + TimeSpan.FromMilliseconds(1));

        Assert.NotNull(await alive.TryAcquireAsync("news.example.org", 1, Lease, Token));
    }

    [Fact]
    public async Task AcquireAsync_TwoReplicasPerHostLimitOne_SecondFetchStartsOnlyAfterTheFirstEnds()
    {
        var store = await fixture.CreateAsync(StoreBackend.Garnet);
        var options = Options.Create(new FetchOptions { MaxConcurrencyPerHost = 1 });
        using var replicaA = new FetchLimiter(options, TimeProvider.System, NullLogger<FetchLimiter>.Instance, new RedisHostSlots(store.Connection, Options.Create(store.Options), TimeProvider.System));
        using var replicaB = new FetchLimiter(options, TimeProvider.System, NullLogger<FetchLimiter>.Instance, new RedisHostSlots(store.Connection, Options.Create(store.Options), TimeProvider.System));

        var leaseA = await replicaA.AcquireAsync("news.example.org", Token);
        var waitingB = replicaB.AcquireAsync("news.example.org", Token);

        // While A holds the host's only slot the store shows one holder, whichever replica asks.
        var database = await store.Connection.GetDatabaseAsync(Token);
        Assert.Equal(1, await database.SortedSetLengthAsync(store.Keys.HostSlots("news.example.org")));
        Assert.False(waitingB.IsCompleted);

        leaseA.Dispose();
        using var leaseB = await waitingB.WaitAsync(TimeSpan.FromMinutes(1), Token);
        Assert.Equal(1, await database.SortedSetLengthAsync(store.Keys.HostSlots("news.example.org")));
    }
}
