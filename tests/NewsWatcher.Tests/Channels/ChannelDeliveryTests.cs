using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NewsWatcher.Configuration;
using NewsWatcher.Delivery;
using NewsWatcher.Outbox;
using NewsWatcher.Polling;
using NewsWatcher.Tests.Diagnostics;
using NewsWatcher.Tests.Http;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Channels;

/// <summary>The worker delivering to Slack, Telegram, ntfy and a webhook receiver stood in for by Kestrel on loopback.</summary>
public sealed partial class ChannelDeliveryTests : IClassFixture<StoreFixture>
{
    private const string HostileTitle = "Truce violated: 1 < 2 & 3 > 2, \"quoted\" *bold* _it_ `code` |pipe| @channel [n1]";

    private readonly StoreFixture _store;

    public ChannelDeliveryTests(StoreFixture store)
    {
        _store = store;
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Once_FourChannels_PayloadsSignedEscapedSplitAndSecretsKeptOutOfUrlsAndLogs()
    {
        await using var setup = await ChannelTestSetup.StartAsync(StoreBackend.Garnet, _store.NewDataDirectory());
        var harness = setup.Harness;
        var items = new List<(string, string, string)> { ("n1", HostileTitle, "Officials said <b>so</b> & more.") };
        items.AddRange(Enumerable.Range(2, 40).Select(i => ($"n{i}", $"Truce talks resume, round {i} [n{i}]", new string('y', 250))));
        harness.WriteConfig("feeds.yaml", $"feeds:\n  - id: wire\n    name: Wire & <Co>\n    url: {harness.Feeds.Serve("/wire.xml", ChannelTestSetup.Rss(items))}\n");
        harness.WriteConfig("watches.yaml", TruceWatches.Yaml);
        harness.WriteConfig("subscribers.yaml", "subscribers:\n" + setup.AllChannels("desk@example.org", "[\"*\"]", "immediate"));

        var report = await harness.RunOnceAsync();

        Assert.Equal(5, report.Sends.Count(s => s.Sent));
        var receiver = setup.Receiver;

        // Webhook: signed per Standard Webhooks, verified here from first principles with the known secret.
        var hook = Assert.Single(receiver.AcceptedBy("hooks"));
        var id = hook.Header("webhook-id");
        Assert.Matches("^msg_[A-Za-z0-9_]+$", id);
        var timestamp = long.Parse(hook.Header("webhook-timestamp"), CultureInfo.InvariantCulture);
        Assert.InRange(timestamp, TimeProvider.System.GetUtcNow().AddMinutes(-5).ToUnixTimeSeconds(), TimeProvider.System.GetUtcNow().AddMinutes(5).ToUnixTimeSeconds());
        var key = Convert.FromBase64String(ChannelTestSetup.WebhookSecret["whsec_".Length..]);
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{hook.Body}")));
        Assert.Equal(expected, hook.Header("webhook-signature"));
        using (var json = JsonDocument.Parse(hook.Body))
        {
            var data = json.RootElement.GetProperty("data");
            Assert.Equal("newswatcher.alert", json.RootElement.GetProperty("type").GetString());
            Assert.Equal("desk@example.org", data.GetProperty("subscriber").GetString());
            Assert.Equal(41, data.GetProperty("items").GetArrayLength());
            var first = data.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetString() == "n1");
            Assert.Equal(HostileTitle, first.GetProperty("title").GetString());
            Assert.Equal("Wire & <Co>", first.GetProperty("source").GetProperty("name").GetString());
            Assert.Equal("violated", first.GetProperty("matches")[0].GetProperty("watch").GetString());
        }

        // Slack: Block Kit with the hostile headline escaped for mrkdwn.
        var slack = receiver.AcceptedBy("slack");
        Assert.All(slack, s => Assert.Equal("/" + ChannelTestSetup.SlackPath, s.Path));
        var slackText = string.Join("\n", slack.SelectMany(s => Texts(s.Body)));
        Assert.Contains("Truce violated: 1 &lt; 2 &amp; 3 &gt; 2", slackText, StringComparison.Ordinal);
        Assert.Contains("|Truce talks resume, round 40 [n40]>", slackText, StringComparison.Ordinal);

        // Telegram: split into messages within 4,096 characters, escaped HTML, every story once, token only in the path.
        var telegram = receiver.AcceptedBy("telegram");
        Assert.True(telegram.Count > 1, "40 long stories must not fit one Telegram message");
        Assert.All(telegram, t => Assert.Equal($"/telegram/bot{ChannelTestSetup.BotToken}/sendMessage", t.Path));
        var messages = telegram.Select(t => JsonDocument.Parse(t.Body).RootElement).ToList();
        Assert.All(messages, m => Assert.InRange(m.GetProperty("text").GetString()!.Length, 1, 4096));
        Assert.All(messages, m => Assert.Equal("HTML", m.GetProperty("parse_mode").GetString()));
        var telegramText = string.Join("\n", messages.Select(m => m.GetProperty("text").GetString()));
        Assert.Contains("Truce violated: 1 &lt; 2 &amp; 3 &gt; 2, \"quoted\"", telegramText, StringComparison.Ordinal);
        Assert.All(Enumerable.Range(1, 41), n => Assert.Single(Regex.Matches(telegramText, $@"\[n{n}\]</a>")));

        // ntfy: one notification, urgent priority, the token as a bearer token.
        var ntfy = Assert.Single(receiver.AcceptedBy("ntfy"));
        Assert.Equal($"Bearer {ChannelTestSetup.NtfyToken}", ntfy.Header("authorization"));
        using (var json = JsonDocument.Parse(ntfy.Body))
        {
            Assert.Equal("desk", json.RootElement.GetProperty("topic").GetString());
            Assert.Equal(5, json.RootElement.GetProperty("priority").GetInt32());
            Assert.StartsWith("https://wire.example/n", json.RootElement.GetProperty("click").GetString(), StringComparison.Ordinal);
        }

        Assert.Single(harness.Smtp.Messages);
    }

    [Fact]
    public async Task SendAlerts_429WithRetryAfter400AndAHangingWebhook_RetryAfterHonouredPermanentRecordedOthersUndelayed()
    {
        await using var setup = await ChannelTestSetup.StartAsync(StoreBackend.Garnet, _store.NewDataDirectory());
        var harness = setup.Harness;
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var logs = new SecretWatchingLoggerProvider();
        harness.Set("Logging:LogLevel:Default", "Trace");
        harness.ConfigureServices = services =>
        {
            services.AddSingleton<TimeProvider>(time);
            services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs);
        };
        harness.Set("Digest:RetryInitialDelay", "00:00:05");
        harness.WriteConfig("feeds.yaml", $"feeds:\n  - id: wire\n    url: {harness.Feeds.Serve("/wire.xml", ChannelTestSetup.Rss([("n1", "Truce violated overnight [n1]", "")]))}\n");
        harness.WriteConfig("watches.yaml", TruceWatches.Yaml);
        harness.WriteConfig("subscribers.yaml", "subscribers:\n" + setup.AllChannels("desk@example.org", "[\"*\"]", "immediate"));
        var receiver = setup.Receiver;
        receiver.RetryAfterSeconds = 120;
        receiver.Inject("ntfy", ChannelFault.Status429);
        receiver.Inject("telegram", ChannelFault.Status400);

        // The webhook answers only once Slack has been served: were channels sent one after another, it would time out.
        var slackServed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.BeforeAnswer = request => request.Target switch
        {
            "slack" => Task.Run(slackServed.SetResult),
            "hooks" => slackServed.Task,
            _ => Task.CompletedTask,
        };

        using var host = await harness.StartHostAsync(scheduled: false);
        using var client = OpsEndpointsTests.Client(host);
        var report = await host.Services.GetRequiredService<OnceRunner>().RunAsync(Token);

        var byChannel = report.Sends.Where(s => s.Status != "nothing").ToDictionary(s => s.SubscriberId, s => s.Status, StringComparer.Ordinal);
        Assert.Equal("sent", byChannel["desk@example.org/webhook"]);
        Assert.Equal("sent", byChannel["desk@example.org/slack"]);
        Assert.Equal("sent", byChannel["desk@example.org"]);
        Assert.Equal("failed", byChannel["desk@example.org/telegram"]);
        Assert.Equal("deferred", byChannel["desk@example.org/ntfy"]);

        // Retry-After: 120 s wins over the 5 s backoff: nothing is tried at +60 s, the same message goes at +121 s.
        var pending = host.Services.GetRequiredService<IPendingStore>();
        var record = await pending.GetSendingAsync("desk@example.org/ntfy", Core.Outbox.OutboxKind.Alert, Token);
        Assert.Equal(time.GetUtcNow().AddSeconds(120), record!.NotBefore);
        var sweep = new SendAlertsJob(host.Services.GetRequiredService<OutboxSender>(), host.Services.GetRequiredService<EditorConfigProvider>());
        time.Advance(TimeSpan.FromSeconds(60));
        await sweep.Execute(null!, Token);
        Assert.Single(receiver.Attempts, a => a.Target == "ntfy");
        time.Advance(TimeSpan.FromSeconds(61));
        await sweep.Execute(null!, Token);
        var ntfy = Assert.Single(receiver.AcceptedBy("ntfy"));
        Assert.Equal(receiver.Attempts.First(a => a.Target == "ntfy").Body, ntfy.Body);
        Assert.Null(await pending.GetSendingAsync("desk@example.org/ntfy", Core.Outbox.OutboxKind.Alert, Token));

        // The permanent refusal: recorded with its reason, its items dropped, on the status page and in the metrics.
        var failed = Assert.Single(await pending.ListFailedAsync("desk@example.org/telegram", Token));
        Assert.Contains("HTTP 400", failed.Reason, StringComparison.Ordinal);
        Assert.Contains("chat not found", failed.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(ChannelTestSetup.BotToken, failed.Reason, StringComparison.Ordinal);
        Assert.Equal(0, await pending.CountAsync("desk@example.org/telegram", Core.Outbox.OutboxKind.Alert, Token));
        var page = await client.GetStringAsync(new Uri("/", UriKind.Relative), Token);
        Assert.Contains("chat not found", page, StringComparison.Ordinal);
        Assert.Contains("<td>telegram</td>", page, StringComparison.Ordinal);
        var metrics = await MetricsEndpointTests.ScrapeAsync(client);
        Assert.Equal(1, metrics["newswatcher_digests_failed_total{channel=\"telegram\",kind=\"permanent\",outbox=\"alert\"}"]);
        Assert.Equal(1, metrics["newswatcher_digests_failed_total{channel=\"ntfy\",kind=\"transient\",outbox=\"alert\"}"]);
        Assert.Equal(1, metrics["newswatcher_digests_sent_total{channel=\"ntfy\",outbox=\"alert\"}"]);
        Assert.Equal(1, metrics["newswatcher_digests_sent_total{channel=\"webhook\",outbox=\"alert\"}"]);
        await host.StopAsync(Token);

        // Every log line at every level, exceptions included, with no secret in it.
        Assert.Contains(logs.Lines, l => l.Contains("chat not found", StringComparison.Ordinal));
        foreach (var secret in new[] { ChannelTestSetup.BotToken, ChannelTestSetup.NtfyToken, ChannelTestSetup.SlackPath, ChannelTestSetup.WebhookSecret["whsec_".Length..] })
        {
            Assert.DoesNotContain(logs.Lines, l => l.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Once_ChannelQueuedBehindASlowOneOnTheSameHost_ItsTimeoutStartsWhenItsTurnComes()
    {
        await using var setup = await ChannelTestSetup.StartAsync(StoreBackend.Garnet, _store.NewDataDirectory());
        var harness = setup.Harness;
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        harness.ConfigureServices = services => services.AddSingleton<TimeProvider>(time);
        harness.Set("Fetch:Timeout", "00:00:15");
        harness.Set("Fetch:MaxConcurrencyPerHost", "1");
        harness.WriteConfig("feeds.yaml", $"feeds:\n  - id: wire\n    url: {harness.Feeds.Serve("/wire.xml", ChannelTestSetup.Rss([("n1", "Truce violated overnight [n1]", "")]))}\n");
        harness.WriteConfig("watches.yaml", TruceWatches.Yaml);
        harness.WriteConfig("subscribers.yaml", $$"""
            subscribers:
              - email: desk@example.org
                watches: ["*"]
                send_email: false
                channels:
                  - {type: slack, url_file: "{{Path.Combine(setup.Secrets, "slack")}}"}
                  - {type: ntfy, topic: desk, token_file: "{{Path.Combine(setup.Secrets, "ntfy")}}"}

            """);

        // Both channels live on one host with one slot: the first holds it for 14 of its 15 s, the second then answers
        // 2 s into its own turn. Had its timeout started while it queued, it would have run out after the receiver took it.
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseSecond = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var arrivals = 0;
        setup.Receiver.BeforeAnswer = _ =>
        {
            if (Interlocked.Increment(ref arrivals) == 1)
            {
                first.SetResult();
                return releaseFirst.Task;
            }

            second.SetResult();
            return releaseSecond.Task;
        };

        using var host = await harness.StartHostAsync(scheduled: false);
        var run = host.Services.GetRequiredService<OnceRunner>().RunAsync(Token);
        await first.Task.WaitAsync(Token);
        time.Advance(TimeSpan.FromSeconds(14));
        releaseFirst.SetResult();
        await second.Task.WaitAsync(Token);
        time.Advance(TimeSpan.FromSeconds(2));
        releaseSecond.SetResult();
        var report = await run;

        var byChannel = report.Sends.Where(s => s.Status != "nothing").ToDictionary(s => s.SubscriberId, s => s.Status, StringComparer.Ordinal);
        Assert.Equal("sent", byChannel["desk@example.org/slack"]);
        Assert.Equal("sent", byChannel["desk@example.org/ntfy"]);
        Assert.Single(setup.Receiver.AcceptedBy("slack"));
        Assert.Single(setup.Receiver.AcceptedBy("ntfy"));
        await host.StopAsync(Token);
    }

    [Theory]
    [InlineData(20261201)]
    [InlineData(13)]
    public async Task Worker_RandomChannelFaultsOverCycles_EveryMatchReachesEveryChannelDuplicatesOnlyAsSameIdResends(int seed)
    {
        var random = new Random(seed);
        var log = TestContext.Current.TestOutputHelper!;
        await using var setup = await ChannelTestSetup.StartAsync(StoreBackend.Garnet, _store.NewDataDirectory());
        var harness = setup.Harness;
        // Only an injected Timeout may meet the timeout: at 1 s and then at 5 s, an answered request on a loaded machine
        // (load average near 20) did too, and its resend was a second delivery of the same digest to a channel without
        // message ids, which the assertions below rightly refuse. Each injected Timeout costs this long, so it stays modest.
        harness.Set("Fetch:Timeout", "00:00:15");
        harness.WriteConfig("watches.yaml", TruceWatches.Yaml);
        harness.WriteConfig("subscribers.yaml", "subscribers:\n" + setup.AllChannels("desk@example.org", "[\"*\"]", "hourly") + $$"""
              - email: talks@example.org
                watches: [talks]
                send_email: false
                channels:
                  - {type: webhook, url: "{{setup.Receiver.Url("/hooks/talks")}}", secret_env: NW_TEST_UNSET_SECRET_{{seed}}, id: unset}
                  - {type: ntfy, topic: talks}

            """);
        var articles = new List<(int Number, string Kind)>();
        harness.WriteConfig("feeds.yaml", $"feeds:\n  - id: wire\n    url: {harness.Feeds.Serve("/wire.xml", Feed(articles))}\n");
        ChannelFault[] faults = [ChannelFault.Status500, ChannelFault.Status429, ChannelFault.Timeout, ChannelFault.Reset];
        var injected = 0;
        for (var round = 1; round <= 10; round++)
        {
            for (var n = random.Next(0, 4); n > 0; n--)
            {
                articles.Add((articles.Count + 1, random.Next(3) switch { 0 => "violated", 1 => "talks", _ => "weather" }));
            }

            harness.Feeds.Serve("/wire.xml", Feed(articles));
            foreach (var target in new[] { "hooks", "slack", "telegram", "ntfy" })
            {
                if (random.Next(10) < 5)
                {
                    var fault = target == "hooks" && random.Next(3) == 0 ? ChannelFault.ProcessedThenReset : faults[random.Next(faults.Length)];
                    setup.Receiver.Inject(target, fault);
                    injected++;
                    log.WriteLine($"seed {seed} round {round}: {target} meets {fault}");
                }
            }

            await harness.RunOnceAsync();
        }

        for (var round = 0; round < 3; round++)
        {
            await harness.RunOnceAsync();
        }

        log.WriteLine($"seed {seed}: {articles.Count} articles, {injected} faults, {setup.Receiver.Attempts.Count} requests, {setup.Receiver.Accepted.Count} accepted");
        var accepted = setup.Receiver.Accepted.ToList();
        foreach (var (number, kind) in articles.Where(a => a.Kind != "weather"))
        {
            // desk follows everything on four channels; talks@ follows talks on ntfy (its webhook has no secret: nothing may reach it).
            var carrying = accepted.Where(r => Articles(r.Body).Contains(number)).ToList();
            var hooks = carrying.Where(r => r.Target == "hooks").ToList();
            Assert.True(hooks.Count > 0, $"seed {seed}: article {number} ({kind}) never reached the webhook");
            Assert.Single(hooks.Select(h => h.Header("webhook-id")).Distinct());
            Assert.All(hooks, h => Assert.Equal("/hooks/desk@example.org", h.Path));
            Assert.Single(carrying, r => r.Target == "slack");
            Assert.Single(carrying, r => r.Target == "telegram");
            Assert.Single(carrying, r => r.Target == "ntfy" && Topic(r.Body) == "desk");
            Assert.Equal(kind == "talks" ? 1 : 0, carrying.Count(r => r.Target == "ntfy" && Topic(r.Body) == "talks"));
        }

        Assert.DoesNotContain(accepted, r => r.Path == "/hooks/talks");
        Assert.True(injected > 0);
    }

    /// <summary>Every log line with its exception, at every level.</summary>
    private sealed class SecretWatchingLoggerProvider : Microsoft.Extensions.Logging.ILoggerProvider, Microsoft.Extensions.Logging.ILogger
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

        public IReadOnlyCollection<string> Lines => _lines;

        public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _lines.Enqueue($"{formatter(state, exception)} {state} {exception}");

        public void Dispose()
        {
        }
    }

    private static IEnumerable<string> Texts(string slackBody)
    {
        using var json = JsonDocument.Parse(slackBody);
        return [.. json.RootElement.GetProperty("blocks").EnumerateArray()
            .Where(b => b.TryGetProperty("text", out _))
            .Select(b => b.GetProperty("text").GetProperty("text").GetString()!)];
    }

    private static string Topic(string ntfyBody)
    {
        using var json = JsonDocument.Parse(ntfyBody);
        return json.RootElement.GetProperty("topic").GetString()!;
    }

    private static HashSet<int> Articles(string body) => [.. ArticleToken().Matches(body).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))];

    private static byte[] Feed(List<(int Number, string Kind)> articles) =>
        ChannelTestSetup.Rss(articles.Select(a => ($"n{a.Number}", a.Kind switch
        {
            "violated" => $"Truce violated near the front [n{a.Number}]",
            "talks" => $"Truce talks resume in Riyadh [n{a.Number}]",
            _ => $"Weather turns cold [n{a.Number}]",
        }, "")));

    [GeneratedRegex(@"\[n(\d+)\]")]
    private static partial Regex ArticleToken();
}
