using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NewsWatcher.Configuration;
using NewsWatcher.Core.Delivery;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Polling;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Polling;

/// <summary>What a poll reports when the store fails around its one deciding write, on a real Redis with injected faults.</summary>
public sealed class FeedPollerStoreFaultTests(StoreFixture store) : IClassFixture<StoreFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Poll_EnqueueWriteRunsButItsAnswerNeverComes_ReportedUnconfirmedAndTheNextPollQueuesNothingTwice()
    {
        var redisUrl = StoreFixture.RedisUrl;
        if (redisUrl is null)
        {
            Assert.Skip($"Set {StoreFixture.RedisUrlVariable} to run the store fault tests against a real Redis.");
        }

        await using var harness = await WorkerHarness.StartAsync(StoreBackend.Redis, store.NewDataDirectory());
        var prefix = StoreFixture.UniquePrefix();
        harness.Set("Storage:KeyPrefix", prefix);
        harness.WriteConfig("watches.yaml", "watches:\n  - id: truce\n    name: Truce\n    category: agreement\n    any: [truce]\n");
        harness.WriteConfig("subscribers.yaml", "subscribers:\n  - email: desk@example.org\n    name: Desk\n    watches: [\"*\"]\n    digest: hourly\n    timezone: UTC\n");
        var url = harness.Feeds.Serve("/wire.xml", Encoding.UTF8.GetBytes(
            "<rss version=\"2.0\"><channel><item><guid>w1</guid><title>Truce holds along the front line</title></item></channel></rss>"));
        harness.WriteConfig("feeds.yaml", $"feeds:\n  - id: wire\n    url: {url}\n");
        var logs = new CapturingLoggerProvider { MinimumLevel = LogLevel.Warning };
        harness.ConfigureServices = s => s.AddSingleton<ILoggerProvider>(logs);

        // The enqueue script reaches Redis and runs there; its answer is withheld past the client's timeout.
        var proxy = RedisReplyStallProxy.Start(redisUrl, "EVAL");
        harness.Set("Storage:Configuration", $"127.0.0.1:{proxy.Port},asyncTimeout=1000,syncTimeout=1000");
        PollOutcome stalled;
        string subscriber;
        var host = harness.BuildHost();
        try
        {
            var config = host.Services.GetRequiredService<EditorConfigProvider>().Current;
            subscriber = config.Subscribers.Single().Id;
            stalled = await host.Services.GetRequiredService<FeedPoller>().PollAsync(config.Feeds.Single(), Token);
        }
        finally
        {
            await proxy.DisposeAsync();
            await ((IAsyncDisposable)host).DisposeAsync();
        }

        Assert.True(proxy.Stalled.IsCompletedSuccessfully, "the enqueue script never went through the proxy");
        Assert.Equal("store_unconfirmed", stalled.Status);
        Assert.Contains(logs.Entries, e => e.EventId.Id == 1015 && e.Message.Contains("may have been applied", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("nothing was marked seen", StringComparison.Ordinal));

        // The server did apply it: the match is queued although the poll never heard so.
        var direct = await store.CreateAsync(StoreBackend.Redis, o => o.KeyPrefix = prefix);
        var queued = await WaitForPendingAsync(direct, subscriber);
        Assert.Equal("w1", queued.Key);

        // The next poll, with the store answering again, finds the article seen and queues nothing twice.
        harness.Set("Storage:Configuration", redisUrl);
        var healthy = harness.BuildHost();
        try
        {
            var config = healthy.Services.GetRequiredService<EditorConfigProvider>().Current;
            var next = await healthy.Services.GetRequiredService<FeedPoller>().PollAsync(config.Feeds.Single(), Token);

            Assert.Equal("ok", next.Status);
            Assert.Equal(0, next.NewArticles);
            Assert.Single(await direct.Pending.ListAsync(subscriber, OutboxKind.Digest, Token));
        }
        finally
        {
            await ((IAsyncDisposable)healthy).DisposeAsync();
        }
    }

    /// <summary>Waits for the script the proxy let through to have run on the server (it runs as soon as Redis reads it).</summary>
    private static async Task<DigestItem> WaitForPendingAsync(StoreContext store, string subscriber)
    {
        while (true)
        {
            if ((await store.Pending.ListAsync(subscriber, OutboxKind.Digest, Token)).SingleOrDefault() is { } item)
            {
                return item;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), Token);
        }
    }
}
