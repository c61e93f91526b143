using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NewsWatcher.Core.Fetching;
using NewsWatcher.Fetching.WebSub;
using NewsWatcher.Tests.Diagnostics;
using NewsWatcher.Tests.Http;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Fetching;

/// <summary>The WebSub subscriber against the test hub: subscribe, verify, push, refuse, renew, unsubscribe.</summary>
public sealed class WebSubSubscriberTests(StoreFixture store) : IClassFixture<StoreFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Push_UrgentItemNotified_AlertAcceptedWithin15Seconds()
    {
        // Neither the sweep nor a second poll can send the alert in time: only the push and the wake can.
        await using var worker = await WebSubWorker.StartAsync(store.NewDataDirectory(), harness => harness.Set("Polling:AlertInterval", "00:10:00"));
        var (hub, host, feedUrl) = (worker.Hub, worker.Host, worker.FeedUrl);

        // The first poll finds the hub and subscribes with a callback on the public listener and a secret of its own.
        var verification = await hub.NextVerificationAsync(Token);
        Assert.True(verification.Confirmed, verification.Error);
        Assert.Equal("subscribe", verification.Request.Mode);
        Assert.Equal(feedUrl, verification.Request.Topic);
        Assert.Equal(new Uri(worker.PublicUrl, "websub/wire"), verification.Request.Callback);
        Assert.Equal(64, verification.Request.Secret.Length);
        Assert.Equal(86_400, verification.Request.LeaseSeconds);

        var clock = Stopwatch.StartNew();
        var status = await hub.PublishAsync(feedUrl, WebSubSetup.Notification("v1", "Truce violated near Sumy, Kyiv says"), Token);
        var message = await worker.Harness.Smtp.NextMessageAsync(Token);
        var seconds = clock.Elapsed.TotalSeconds;

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Contains("Truce violated near Sumy", message.Subject, StringComparison.Ordinal);
        TestContext.Current.TestOutputHelper?.WriteLine($"websub_notification_to_smtp_s={seconds:0.000}");
        Assert.InRange(seconds, 0, 15);

        using var client = OpsEndpointsTests.Client(host);
        var metrics = await MetricsEndpointTests.ScrapeAsync(client);
        Assert.Equal(1, metrics["newswatcher_alert_delay_seconds_count{arrival=\"push\"}"]);
        Assert.Equal(1, metrics["newswatcher_websub_notifications_total{outcome=\"accepted\"}"]);

        // The pushed feed is now polled only as a safety net: its next poll moves out to Polling:PushedInterval.
        var poll = await host.Services.GetRequiredService<NewsWatcher.Polling.FeedPoller>().PollAsync(host.Services.GetRequiredService<NewsWatcher.Configuration.EditorConfigProvider>().Current.Feeds.Single(), Token);
        Assert.True(poll.Health!.NextPoll > TimeProvider.System.GetUtcNow().AddHours(5));
    }

    [Fact]
    public async Task Poll_HubNamedOnlyInLinkHeaders_Subscribes()
    {
        await using var hub = await TestWebSubHub.StartAsync();
        await using var harness = await WorkerHarness.StartAsync(StoreBackend.Garnet, store.NewDataDirectory());
        WebSubSetup.UsePublicListener(harness);
        var self = new Uri(harness.Feeds.BaseAddress, "/topic.xml").ToString();
        var body = TimedRss.Build([("calm", "Markets calm on Monday", TimeProvider.System.GetUtcNow().AddHours(-2))]);
        var feedUrl = harness.Feeds.Handle("/linked.xml", async context =>
        {
            context.Response.Headers["Link"] = $"<{hub.HubUrl}>; rel=\"hub\", <{self}>; rel=\"self\"";
            context.Response.ContentType = "application/rss+xml";
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        });
        WebSubSetup.WriteConfig(harness, feedUrl);
        var host = await harness.StartHostAsync(scheduled: true);
        try
        {
            var verification = await hub.NextVerificationAsync(Token);

            Assert.True(verification.Confirmed, verification.Error);
            Assert.Equal(self, verification.Request.Topic);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
        }
    }

    [Fact]
    public async Task Notify_ForgedUnsignedOrUnknownTopic_DroppedAndCountedNothingDelivered()
    {
        await using var worker = await WebSubWorker.StartAsync(store.NewDataDirectory());
        var (hub, feedUrl) = (worker.Hub, worker.FeedUrl);
        using var outcomes = new NotificationOutcomes(worker.Host);
        AssertConfirmed(await hub.NextVerificationAsync(Token));
        var callback = hub.CallbackOf(feedUrl);
        var forged = WebSubSetup.Notification("forged", "Truce violated: forged");

        // Signed with another secret, not signed, and for a feed we never subscribed to: each dropped and counted.
        Assert.Equal(HttpStatusCode.Accepted, await hub.PostAsync(callback, forged, HubSignature.Sign("sha256", forged, "not-the-secret"), Token));
        Assert.Equal("wrong_signature", await outcomes.NextAsync(Token));
        Assert.Equal(HttpStatusCode.Accepted, await hub.PostAsync(callback, forged, null, Token));
        Assert.Equal("unsigned", await outcomes.NextAsync(Token));
        Assert.Equal(HttpStatusCode.NotFound, await hub.PostAsync(new Uri(worker.PublicUrl, "websub/elsewhere"), forged, HubSignature.Sign("sha256", forged, "x"), Token));
        Assert.Equal("unknown_topic", await outcomes.NextAsync(Token));

        // The first message that goes out carries the genuine notification's item, not the forged one.
        Assert.Equal(HttpStatusCode.Accepted, await hub.PublishAsync(feedUrl, WebSubSetup.Notification("real", "Truce violated near Orikhiv"), Token));
        Assert.Equal("accepted", await outcomes.NextAsync(Token));
        var message = await worker.Harness.Smtp.NextMessageAsync(Token);
        Assert.Contains("Orikhiv", message.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain("forged", message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_TopicOrModeNotAskedFor_NotFoundAndNoChallengeEchoed()
    {
        await using var worker = await WebSubWorker.StartAsync(store.NewDataDirectory());
        var (hub, feedUrl, publicUrl, subscriptions) = (worker.Hub, worker.FeedUrl, worker.PublicUrl, worker.Host.Services.GetRequiredService<RedisWebSubStore>());
        AssertConfirmed(await hub.NextVerificationAsync(Token));
        var callback = new Uri(publicUrl, "websub/wire");

        Assert.Equal(HttpStatusCode.NotFound, (await hub.VerifyIntentAsync(callback, "subscribe", "https://elsewhere.example/feed", "c1", Token)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await hub.VerifyIntentAsync(callback, "unsubscribe", feedUrl, "c2", Token)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await hub.VerifyIntentAsync(new Uri(publicUrl, "websub/nobody"), "subscribe", feedUrl, "c3", Token)).Status);
        // Our topic and mode, but nothing asked: a third party must not move the lease (and so the renewal).
        var before = await subscriptions.GetAsync("wire", Token);
        Assert.Equal(HttpStatusCode.NotFound, (await hub.VerifyIntentAsync(callback, "subscribe", feedUrl, "c4", Token)).Status);

        // The refused verifications changed nothing: the subscription still accepts notifications.
        var subscription = await subscriptions.GetAsync("wire", Token);
        Assert.Equal(before, subscription);
        Assert.Equal(WebSubState.Active, subscription!.State);
    }

    [Fact]
    public async Task Sweep_FeedDisabled_UnsubscribesAndForgetsTheSubscription()
    {
        await using var worker = await WebSubWorker.StartAsync(store.NewDataDirectory());
        var (hub, feedUrl) = (worker.Hub, worker.FeedUrl);
        AssertConfirmed(await hub.NextVerificationAsync(Token));

        // Restarted with the feed disabled (as a deploy of the edited feeds.yaml would).
        await worker.RestartAsync(harness => WebSubSetup.WriteConfig(harness, feedUrl, enabled: false));

        // The sweep runs in the background too; whichever runs first claims the request, so the hub hears it once.
        await worker.Host.Services.GetRequiredService<WebSubSubscriber>().RenewDueAsync(Token);
        var verification = await hub.NextVerificationAsync(Token);

        Assert.Equal("unsubscribe", verification.Request.Mode);
        Assert.True(verification.Confirmed, verification.Error);
        Assert.False(hub.IsSubscribed(feedUrl));
        Assert.Equal(["subscribe", "unsubscribe"], hub.Requests.Select(r => r.Mode));
        Assert.Null(await worker.Host.Services.GetRequiredService<RedisWebSubStore>().GetAsync("wire", Token));
    }

    [Fact]
    public async Task Renew_TwoReplicasOneRedis_ExactlyOneRenewsAndEitherAcceptsCallbacks()
    {
        var redis = StoreFixture.RequireUrl(StoreBackend.Redis);
        await using var hub = await TestWebSubHub.StartAsync();
        await using var first = await WorkerHarness.StartAsync(StoreBackend.Redis, store.NewDataDirectory());
        await using var second = await WorkerHarness.StartAsync(StoreBackend.Redis, store.NewDataDirectory());
        var prefix = StoreFixture.UniquePrefix();
        var firstUrl = WebSubSetup.UsePublicListener(first);
        var secondPort = TestSmtpServer.UnusedPort();
        WebSubSetup.UsePublicListener(second, secondPort, publicUrl: firstUrl);
        foreach (var harness in new[] { first, second })
        {
            harness.Set("Storage:Configuration", redis);
            harness.Set("Storage:KeyPrefix", prefix);
        }

        // Both replicas poll one feed server; a load balancer sends each callback to the other replica in turn.
        var feedUrl = WebSubSetup.ServeFeed(first, hub);
        WebSubSetup.WriteConfig(first, feedUrl);
        WebSubSetup.WriteConfig(second, feedUrl);
        var secondBase = new Uri($"http://127.0.0.1:{secondPort.ToString(System.Globalization.CultureInfo.InvariantCulture)}/");

        // The first lease is too short to last to the next sweep, so it is due for renewal as soon as it is verified.
        hub.GrantLease = (number, asked) => number == 1 ? 30 : asked;
        var a = await first.StartHostAsync(scheduled: true);
        var b = await second.StartHostAsync(scheduled: true);

        // Only once both listen (a balancer routes to ready replicas only): the first replica may subscribe before the
        // second has started.
        var turn = 0;
        hub.Route = callback => Interlocked.Increment(ref turn) % 2 == 0 ? callback : new Uri(secondBase, callback.PathAndQuery);
        try
        {
            var verified = await hub.NextVerificationAsync(Token);
            Assert.True(verified.Confirmed, verified.Error);

            await Task.WhenAll(
                a.Services.GetRequiredService<WebSubSubscriber>().RenewDueAsync(Token),
                b.Services.GetRequiredService<WebSubSubscriber>().RenewDueAsync(Token));
            var renewal = await hub.NextVerificationAsync(Token);

            Assert.True(renewal.Confirmed, renewal.Error);
            Assert.Equal(86_400, renewal.GrantedLease);
            Assert.Equal(["subscribe", "subscribe"], hub.Requests.Select(r => r.Mode));
            Assert.Single(hub.Requests.Select(r => r.Secret).Distinct());

            // Whichever replica the hub reaches accepts the push: the subscription and its secret are shared.
            using var onA = new NotificationOutcomes(a);
            using var onB = new NotificationOutcomes(b);
            hub.Route = callback => new Uri(secondBase, callback.PathAndQuery);
            Assert.Equal(HttpStatusCode.Accepted, await hub.PublishAsync(feedUrl, WebSubSetup.Notification("b1", "Truce talks resume in Doha"), Token));
            Assert.Equal("accepted", await onB.NextAsync(Token));
            hub.Route = callback => callback;
            Assert.Equal(HttpStatusCode.Accepted, await hub.PublishAsync(feedUrl, WebSubSetup.Notification("a1", "Truce talks stall in Doha"), Token));
            Assert.Equal("accepted", await onA.NextAsync(Token));
        }
        finally
        {
            await a.StopAsync(CancellationToken.None);
            await b.StopAsync(CancellationToken.None);
            a.Dispose();
            b.Dispose();
        }
    }

    private static void AssertConfirmed(HubVerification verification) => Assert.True(verification.Confirmed, verification.Error);
}
