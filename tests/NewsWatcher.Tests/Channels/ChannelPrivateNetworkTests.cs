using Microsoft.Extensions.DependencyInjection;
using NewsWatcher.Core.Delivery;
using NewsWatcher.Delivery;
using NewsWatcher.Http.Ops;
using NewsWatcher.Polling;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Channels;

/// <summary>A channel on a private address while Fetch:AllowPrivateNetworks is false: held with the reason shown, sent once allowed.</summary>
public sealed class ChannelPrivateNetworkTests : IClassFixture<StoreFixture>
{
    private readonly StoreFixture _store;

    public ChannelPrivateNetworkTests(StoreFixture store)
    {
        _store = store;
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Send_WebhookOnLoopbackWhilePrivateRefused_ItemsHeldReasonOnStatusPageSentOnceAllowed()
    {
        await using var setup = await ChannelTestSetup.StartAsync(StoreBackend.Garnet, _store.NewDataDirectory());
        var harness = setup.Harness;

        // The feed is a local file, so refusing private networks refuses only the channel (the receiver is on loopback).
        var feed = Path.Combine(harness.ConfigDirectory, "wire.xml");
        await File.WriteAllBytesAsync(feed, ChannelTestSetup.Rss([("n1", "Truce violated near the border", "Shelling resumed.")]), Token);
        harness.WriteConfig("feeds.yaml", $"feeds:\n  - id: wire\n    url: {feed}\n");
        harness.WriteConfig("watches.yaml", TruceWatches.Yaml);
        harness.WriteConfig("subscribers.yaml", $$"""
            subscribers:
              - email: desk@example.org
                watches: ["*"]
                digest: immediate
                channels:
                  - {type: webhook, url: "{{setup.Receiver.Url("/hooks/desk")}}", secret_file: "{{Path.Combine(setup.Secrets, "webhook")}}"}
            """);
        harness.Set("Fetch:AllowPrivateNetworks", "false");

        string page;
        SendOutcome held;
        using (var host = await harness.StartHostAsync(scheduled: false))
        {
            var report = await host.Services.GetRequiredService<OnceRunner>().RunAsync(Token);
            held = Assert.Single(report.Sends, s => s.SubscriberId == "desk@example.org/webhook" && s.Items > 0);
            using var client = new HttpClient { BaseAddress = host.Services.GetRequiredService<OpsHttpServer>().Address };
            page = await client.GetStringAsync(new Uri("/", UriKind.Relative), Token);
            await host.StopAsync(Token);
        }

        harness.Set("Fetch:AllowPrivateNetworks", "true");
        var retried = await harness.RunOnceAsync();

        // Held, not dropped: deferred with the reason naming the setting, and nothing reached the receiver.
        Assert.Equal(SendStatus.Deferred, held.Kind);
        Assert.Equal(0, held.Dropped);
        Assert.Contains($"is not a public address (loopback); set Fetch:AllowPrivateNetworks=true to allow", held.Error, StringComparison.Ordinal);
        Assert.Matches("""<tr data-subscriber="desk@example.org/webhook">.*?<div class="failing">[^<]*refused: 127\.0\.0\.1 is not a public address \(loopback\); set Fetch:AllowPrivateNetworks=true to allow <span class="muted">\(1 alert items held, attempt 1; next at """, page);

        // Once allowed, the same message goes out: the item was kept.
        var sent = Assert.Single(retried.Sends, s => s.SubscriberId == "desk@example.org/webhook" && s.Sent);
        Assert.Equal(held.DigestId, sent.DigestId);
        var hook = Assert.Single(setup.Receiver.AcceptedBy("hooks"));
        Assert.Contains("Truce violated near the border", hook.Body, StringComparison.Ordinal);
    }
}
