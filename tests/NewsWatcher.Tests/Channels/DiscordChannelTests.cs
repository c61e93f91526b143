using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NewsWatcher.Configuration;
using NewsWatcher.Delivery;
using NewsWatcher.Outbox;
using NewsWatcher.Polling;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Channels;

/// <summary>The worker delivering to a Discord webhook stood in for by Kestrel on loopback: the fifth channel kind.</summary>
public sealed class DiscordChannelTests : IClassFixture<StoreFixture>
{
    private const string HostileTitle = "Truce violated: **bold** @everyone <@123> [click](https://evil.example) `code` [n1]";

    private readonly StoreFixture _store;

    public DiscordChannelTests(StoreFixture store)
    {
        _store = store;
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SendAlerts_DiscordRateLimitedInTheBody_WaitHonouredThenEscapedEmbedsSentOnce()
    {
        await using var setup = await ChannelTestSetup.StartAsync(StoreBackend.Garnet, _store.NewDataDirectory());
        var harness = setup.Harness;
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        harness.ConfigureServices = services => services.AddSingleton<TimeProvider>(time);
        harness.Set("Digest:RetryInitialDelay", "00:00:05");
        var secret = Path.Combine(setup.Secrets, "discord");
        await File.WriteAllTextAsync(secret, setup.Receiver.Url("/discord/123/discord-token-secret") + "\n", Token);
        harness.WriteConfig("feeds.yaml", $"feeds:\n  - id: wire\n    url: {harness.Feeds.Serve("/wire.xml", ChannelTestSetup.Rss([("n1", HostileTitle, "Shelling resumed.")]))}\n");
        harness.WriteConfig("watches.yaml", TruceWatches.Yaml);
        harness.WriteConfig("subscribers.yaml", $$"""
            subscribers:
              - email: desk@example.org
                watches: ["*"]
                digest: immediate
                send_email: false
                channels:
                  - {type: discord, url_file: "{{secret}}"}
            """);
        setup.Receiver.Inject("discord", ChannelFault.DiscordRateLimited);

        using var host = await harness.StartHostAsync(scheduled: false);
        var report = await host.Services.GetRequiredService<OnceRunner>().RunAsync(Token);

        // Deferred for the body's retry_after (30.5 s, no Retry-After header), not the 5 s backoff.
        Assert.Equal("deferred", Assert.Single(report.Sends, s => s.SubscriberId == "desk@example.org/discord" && s.Items > 0).Status);
        var pending = host.Services.GetRequiredService<IPendingStore>();
        var record = await pending.GetSendingAsync("desk@example.org/discord", Core.Outbox.OutboxKind.Alert, Token);
        Assert.Equal(time.GetUtcNow().AddSeconds(30.5), record!.NotBefore);
        var sweep = new SendAlertsJob(host.Services.GetRequiredService<OutboxSender>(), host.Services.GetRequiredService<EditorConfigProvider>());
        time.Advance(TimeSpan.FromSeconds(20));
        await sweep.Execute(null!, Token);
        Assert.Single(setup.Receiver.Attempts);
        time.Advance(TimeSpan.FromSeconds(11));
        await sweep.Execute(null!, Token);

        var sent = Assert.Single(setup.Receiver.AcceptedBy("discord"));
        Assert.Equal("/discord/123/discord-token-secret", sent.Path);
        Assert.Equal(setup.Receiver.Attempts.First().Body, sent.Body);
        Assert.Null(await pending.GetSendingAsync("desk@example.org/discord", Core.Outbox.OutboxKind.Alert, Token));
        using var json = JsonDocument.Parse(sent.Body);
        var root = json.RootElement;
        Assert.InRange(root.GetProperty("content").GetString()!.Length, 1, 2000);
        Assert.Equal(0, root.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());
        var embed = Assert.Single(root.GetProperty("embeds").EnumerateArray());
        Assert.Equal("https://wire.example/n1", embed.GetProperty("url").GetString());
        Assert.Contains("Shelling resumed.", embed.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains(@"\*\*bold\*\* \@everyone \<\@123\> \[click\]\(https", root.GetProperty("content").GetString(), StringComparison.Ordinal);
        await host.StopAsync(Token);
    }

    [Fact]
    public async Task Once_DiscordWebhookDeleted_PermanentFailureWithDiscordsMessageAndNoTokenInIt()
    {
        await using var setup = await ChannelTestSetup.StartAsync(StoreBackend.Garnet, _store.NewDataDirectory());
        var harness = setup.Harness;
        var secret = Path.Combine(setup.Secrets, "discord");
        await File.WriteAllTextAsync(secret, setup.Receiver.Url("/discord/123/discord-token-secret").ToString(), Token);
        harness.WriteConfig("feeds.yaml", $"feeds:\n  - id: wire\n    url: {harness.Feeds.Serve("/wire.xml", ChannelTestSetup.Rss([("n1", "Truce violated overnight", "")]))}\n");
        harness.WriteConfig("watches.yaml", TruceWatches.Yaml);
        harness.WriteConfig("subscribers.yaml", $$"""
            subscribers:
              - email: desk@example.org
                watches: ["*"]
                digest: immediate
                send_email: false
                channels:
                  - {type: discord, id: ops, url_file: "{{secret}}"}
                  - {type: discord, url_file: "{{secret}}"}
            """);
        setup.Receiver.Inject("discord", ChannelFault.DiscordUnknownWebhook);

        using var host = await harness.StartHostAsync(scheduled: false);
        var report = await host.Services.GetRequiredService<OnceRunner>().RunAsync(Token);

        // One of the two channels met the 404 (whichever went first); the other was sent: one failure never holds up another.
        var statuses = report.Sends.Where(s => s.Status != "nothing").Select(s => s.Status).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["failed", "sent"], statuses);
        var failedRoute = Assert.Single(report.Sends, s => s.Status == "failed").SubscriberId;
        var failed = Assert.Single(await host.Services.GetRequiredService<IPendingStore>().ListFailedAsync(failedRoute, Token));
        Assert.Contains("HTTP 404 Not Found: Unknown Webhook (code 10015)", failed.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("discord-token-secret", failed.Reason, StringComparison.Ordinal);
        await host.StopAsync(Token);
    }
}
