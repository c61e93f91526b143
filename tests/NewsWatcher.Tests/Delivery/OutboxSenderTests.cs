using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NewsWatcher.Configuration;
using NewsWatcher.Core.Delivery;
using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Core.Parsing;
using NewsWatcher.Core.Subscribers;
using NewsWatcher.Dedup;
using NewsWatcher.Delivery;
using NewsWatcher.Delivery.Mail;
using NewsWatcher.Diagnostics;
using NewsWatcher.Hosting;
using NewsWatcher.Outbox;
using NewsWatcher.Polling;
using NewsWatcher.Tests.Infrastructure;
using SmtpServer.Protocol;

namespace NewsWatcher.Tests.Delivery;

/// <summary>Outboxes on the real host wiring (embedded store, real SMTP on loopback) with a fake clock.</summary>
public sealed class OutboxSenderTests : IClassFixture<StoreFixture>, IAsyncLifetime
{
    private static readonly TimeZoneInfo Kyiv = TimeZoneInfo.FindSystemTimeZoneById("Europe/Kyiv");

    private readonly StoreFixture _store;
    private readonly string _config = TempDirectory.Create("sender");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 7, 1, 9, 0, 0, TimeSpan.Zero));
    private TestSmtpServer _smtp = null!;
    private IHost? _host;
    private int _articles;

    public OutboxSenderTests(StoreFixture store)
    {
        _store = store;
        File.WriteAllText(Path.Combine(_config, "feeds.yaml"), "feeds:\n  - id: wire\n    name: The Wire\n    url: wire.xml\n");
        File.WriteAllText(Path.Combine(_config, "watches.yaml"), """
            watches:
              - id: truce
                name: Truce
                category: agreement
                priority: urgent
                any: [truce]
            """);
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private IPendingStore Pending => _host!.Services.GetRequiredService<IPendingStore>();

    private EditorConfigProvider Config => _host!.Services.GetRequiredService<EditorConfigProvider>();

    public async ValueTask InitializeAsync() => _smtp = await TestSmtpServer.StartAsync(Token);

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync(CancellationToken.None);
            _host.Dispose();
        }

        await _smtp.DisposeAsync();
        TempDirectory.DeleteQuietly(_config);
    }

    [Fact]
    public async Task AlertsJob_SeveralUrgentMatches_OneCoalescedMessageWithinAMinute()
    {
        await StartAsync("""
            subscribers:
              - {email: desk@example.org, name: Desk, watches: ["*"], digest: daily 07:00, timezone: Europe/Kyiv}
            """);
        await EnqueueAsync("desk@example.org", OutboxKind.Alert, "Truce declared", "Truce holds", "Truce extended");

        await RunAlertsJobAsync();

        Assert.True(new PollingOptions().AlertInterval <= TimeSpan.FromMinutes(1), "alerts must be swept at least once a minute");
        var message = Assert.Single(_smtp.Messages);
        Assert.StartsWith("[NewsWatcher] Alert: Truce agreed: ", message.Subject, StringComparison.Ordinal);
        Assert.EndsWith("— and 2 more", message.Subject, StringComparison.Ordinal);
        Assert.Contains("Truce declared", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Truce extended", message.TextBody, StringComparison.Ordinal);
        Assert.Equal(0, await Pending.CountAsync("desk@example.org", OutboxKind.Alert, Token));
    }

    [Fact]
    public async Task AlertsJob_DuringQuietHours_HoldsAlertsAndSendsThemTogetherWhenTheyEnd()
    {
        await StartAsync("""
            subscribers:
              - {email: night@example.org, name: Night, digest: immediate, categories: [agreement], quiet_hours: "22:00-07:00", timezone: Europe/Kyiv}
            """);
        _time.SetUtcNow(Local(2026, 7, 1, 23, 30));
        await EnqueueAsync("night@example.org", OutboxKind.Alert, "Truce at midnight");

        await RunAlertsJobAsync();
        _time.SetUtcNow(Local(2026, 7, 2, 6, 59));
        await EnqueueAsync("night@example.org", OutboxKind.Alert, "Truce at dawn");
        await RunAlertsJobAsync();

        Assert.Empty(_smtp.Offered);
        Assert.Equal(2, await Pending.CountAsync("night@example.org", OutboxKind.Alert, Token));

        _time.SetUtcNow(Local(2026, 7, 2, 7, 0));
        await RunAlertsJobAsync();

        var message = Assert.Single(_smtp.Messages);
        Assert.Contains("Truce at midnight", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Truce at dawn", message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_TransientFailures_ItemsKeptRetriedWithGrowingBackoffSameMessageId()
    {
        await StartAsync("""
            subscribers:
              - {email: desk@example.org, name: Desk, watches: ["*"], digest: hourly, immediate: false}
            """);
        await EnqueueAsync("desk@example.org", OutboxKind.Digest, "Truce talks", "Truce signed");
        _smtp.Reply = TestSmtpServer.TransientFailure;
        var sender = _host!.Services.GetRequiredService<OutboxSender>();
        var desk = Config.Current.Subscribers[0];

        Assert.Equal("deferred", (await sender.SendAsync(new Route(desk), OutboxKind.Digest, Token)).Status);
        Assert.Equal("waiting", (await sender.SendAsync(new Route(desk), OutboxKind.Digest, Token)).Status);
        _time.Advance(TimeSpan.FromMinutes(1));
        await RunAlertsJobAsync();
        _time.Advance(TimeSpan.FromMinutes(1));
        await RunAlertsJobAsync();

        // 1 min after the first failure, then 2 min after the second: the job at +2 min only waits.
        Assert.Equal(2, _smtp.Offered.Count);
        Assert.Equal(2, await Pending.CountAsync("desk@example.org", OutboxKind.Digest, Token));

        _smtp.Reply = SmtpResponse.Ok;
        _time.Advance(TimeSpan.FromMinutes(1));
        await RunAlertsJobAsync();

        var delivered = Assert.Single(_smtp.Messages);
        Assert.Equal(3, _smtp.Offered.Count);
        Assert.All(_smtp.Offered, m => Assert.Equal(delivered.MessageId, m.MessageId));
        Assert.Equal(0, await Pending.CountAsync("desk@example.org", OutboxKind.Digest, Token));
        Assert.Null(await Pending.GetSendingAsync("desk@example.org", OutboxKind.Digest, Token));
    }

    [Fact]
    public async Task SendMany_OneRecipientRefusedPermanently_RecordedDroppedOthersDeliveredOverOneConnection()
    {
        await StartAsync("""
            subscribers:
              - {email: a@example.org, name: A, watches: ["*"], digest: hourly, immediate: false}
              - {email: bad@example.org, name: Bad, watches: ["*"], digest: hourly, immediate: false}
              - {email: c@example.org, name: C, watches: ["*"], digest: hourly, immediate: false}
            """);
        foreach (var who in new[] { "a@example.org", "bad@example.org", "c@example.org" })
        {
            await EnqueueAsync(who, OutboxKind.Digest, "Truce for " + who);
        }

        _smtp.Responder = m => m.To.Mailboxes.Any(a => a.Address == "bad@example.org") ? TestSmtpServer.PermanentFailure : SmtpResponse.Ok;
        var sender = _host!.Services.GetRequiredService<OutboxSender>();
        var requests = Config.Current.Subscribers.Select(s => new SendRequest(new Route(s), OutboxKind.Digest)).ToList();

        var outcomes = await sender.SendManyAsync(requests, force: false, Token);

        Assert.Equal(["sent", "failed", "sent"], outcomes.Select(o => o.Status));
        Assert.Equal(1, _smtp.Sessions);
        Assert.Equal(["a@example.org", "c@example.org"], _smtp.Messages.Select(m => m.To.Mailboxes.Single().Address));
        var failure = Assert.Single(await Pending.ListFailedAsync("bad@example.org", Token));
        Assert.Contains("550", failure.Reason, StringComparison.Ordinal);
        Assert.Equal(outcomes[1].DigestId, failure.DigestId);
        Assert.Equal(0, await Pending.CountAsync("bad@example.org", OutboxKind.Digest, Token));

        _time.Advance(TimeSpan.FromHours(2));
        await sender.SendManyAsync(requests, force: false, Token);
        Assert.Equal(3, _smtp.Offered.Count);
    }

    [Fact]
    public async Task Send_NothingNew_SkippedUnlessSubscriberAsksForEmptyDigests()
    {
        await StartAsync("""
            subscribers:
              - {email: quiet@example.org, name: Quiet, watches: ["*"], digest: daily 08:00}
              - {email: always@example.org, name: Always, watches: ["*"], digest: daily 08:00, skip_empty: false}
            """);
        var sender = _host!.Services.GetRequiredService<OutboxSender>();

        var quiet = await sender.SendAsync(new Route(Config.Current.Subscribers[0]), OutboxKind.Digest, Token);
        var always = await sender.SendAsync(new Route(Config.Current.Subscribers[1]), OutboxKind.Digest, Token);

        Assert.Equal("nothing", quiet.Status);
        Assert.Equal("sent", always.Status);
        var message = Assert.Single(_smtp.Messages);
        Assert.Equal("[NewsWatcher] no new items", message.Subject);
        Assert.Contains("0 new stories", message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_MoreThanCap_ListsCapSummarisesRestAndAcksAll()
    {
        await StartAsync("""
            subscribers:
              - {email: desk@example.org, name: Desk, watches: ["*"], digest: hourly, immediate: false, max_items: 2}
            """);
        await EnqueueAsync("desk@example.org", OutboxKind.Digest, "Truce 1", "Truce 2", "Truce 3", "Truce 4", "Truce 5");

        var outcome = await _host!.Services.GetRequiredService<OutboxSender>().SendAsync(new Route(Config.Current.Subscribers[0]), OutboxKind.Digest, Token);

        Assert.Equal(5, outcome.Items);
        var text = Assert.Single(_smtp.Messages).TextBody;
        Assert.Contains("* Truce 5", text, StringComparison.Ordinal);
        Assert.Contains("* Truce 4", text, StringComparison.Ordinal);
        Assert.DoesNotContain("* Truce 3", text, StringComparison.Ordinal);
        Assert.Contains("…and 3 more stories not shown (Agreement 3).", text, StringComparison.Ordinal);
        Assert.Equal(0, await Pending.CountAsync("desk@example.org", OutboxKind.Digest, Token));
    }

    [Fact]
    public async Task SendMany_OneItemTooBigForTheRelay_OtherFeedsAlertsDeliveredOnlyThatItemGivenUp()
    {
        // The relay refuses messages over 150 KB with 552, as Postfix does beyond message_size_limit.
        await RestartSmtpAsync(maxMessageSize: 150_000);
        await StartAsync("""
            subscribers:
              - {email: desk@example.org, name: Desk, watches: ["*"], digest: daily 07:00, timezone: Europe/Kyiv}
            """);
        var flood = "Kremlin rejects US-proposed 30-day cease-fire " + string.Concat(Enumerable.Repeat("truce Russia ", 20_000));
        await EnqueueFromAsync("desk@example.org", OutboxKind.Alert, "wire", "Truce declared along the front line");
        var big = (await EnqueueFromAsync("desk@example.org", OutboxKind.Alert, "flood", flood)).Single();
        await EnqueueFromAsync("desk@example.org", OutboxKind.Alert, "wire", "Truce violated overnight, Kyiv says");
        var sender = _host!.Services.GetRequiredService<OutboxSender>();

        var outcome = Assert.Single(await sender.SendManyAsync([new SendRequest(new Route(Config.Current.Subscribers[0]), OutboxKind.Alert)], force: false, Token));

        var delivered = string.Concat(_smtp.Messages.Select(m => m.TextBody));
        Assert.Contains("Truce declared along the front line", delivered, StringComparison.Ordinal);
        Assert.Contains("Truce violated overnight, Kyiv says", delivered, StringComparison.Ordinal);
        Assert.DoesNotContain("truce Russia truce Russia", delivered, StringComparison.Ordinal);
        Assert.Equal(0, await Pending.CountAsync("desk@example.org", OutboxKind.Alert, Token));
        Assert.Null(await Pending.GetSendingAsync("desk@example.org", OutboxKind.Alert, Token));
        var failure = Assert.Single(await Pending.ListFailedAsync("desk@example.org", Token));
        Assert.Equal([big], failure.ItemKeys);
        Assert.Contains("552", failure.Reason, StringComparison.Ordinal);
        Assert.StartsWith("Kremlin rejects US-proposed 30-day cease-fire", Assert.Single(failure.Titles), StringComparison.Ordinal);
        Assert.Equal(("sent", 2, 1), (outcome.Status, outcome.Items, outcome.Dropped));
        Assert.Equal(_smtp.Messages.Count, _smtp.Messages.Select(m => m.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task Send_ItemsOverMaxMessageBytes_SplitIntoMessagesUnderTheLimitEachItemOnce()
    {
        // The relay's limit equals ours: a message over Digest:MaxMessageBytes would be refused, so none may be.
        await RestartSmtpAsync(maxMessageSize: 60_000);
        await StartAsync("""
            subscribers:
              - {email: desk@example.org, name: Desk, watches: ["*"], digest: hourly, immediate: false}
            """, new() { ["Digest:MaxMessageBytes"] = "60000" });
        var titles = Enumerable.Range(1, 12).Select(i => $"Truce report {i:00} " + string.Concat(Enumerable.Repeat($"observers count shelling {i} ", 120))).ToArray();
        await EnqueueAsync("desk@example.org", OutboxKind.Digest, titles);

        var outcome = await _host!.Services.GetRequiredService<OutboxSender>().SendAsync(new Route(Config.Current.Subscribers[0]), OutboxKind.Digest, Token);

        Assert.True(_smtp.Messages.Count > 1, $"{_smtp.Messages.Count} message(s)");
        Assert.Equal(_smtp.Offered.Count, _smtp.Messages.Count);
        Assert.Equal(_smtp.Messages.Count, _smtp.Messages.Select(m => m.MessageId).Distinct().Count());
        foreach (var title in titles)
        {
            Assert.Single(_smtp.Messages, m => (m.TextBody ?? "").Contains(title[..16], StringComparison.Ordinal));
        }

        Assert.Equal(("sent", 12, _smtp.Messages.Count, 0), (outcome.Status, outcome.Items, outcome.Messages, outcome.Dropped));
        Assert.Equal(0, await Pending.CountAsync("desk@example.org", OutboxKind.Digest, Token));
        Assert.Empty(await Pending.ListFailedAsync("desk@example.org", Token));
    }

    [Fact]
    public async Task Send_CrashAfterFirstPartAccepted_ResendsThatPartWithSameMessageIdThenTheRest()
    {
        await StartAsync("""
            subscribers:
              - {email: desk@example.org, name: Desk, watches: ["*"], digest: hourly, immediate: false}
            """, new() { ["Digest:MaxMessageBytes"] = "60000" });
        var titles = Enumerable.Range(1, 8).Select(i => $"Truce report {i:00} " + string.Concat(Enumerable.Repeat($"observers count shelling {i} ", 120))).ToArray();
        await EnqueueAsync("desk@example.org", OutboxKind.Digest, titles);
        var services = _host!.Services;
        var crashing = new OutboxSender(
            Pending,
            new CrashAfterSendMailSender(services.GetRequiredService<SmtpMailSender>()),
            services.GetRequiredService<DigestMessageBuilder>(),
            services.GetRequiredService<IOptions<DigestOptions>>(),
            _time,
            services.GetRequiredService<NewsWatcher.Core.Retries.JitterSource>(),
            services.GetRequiredService<NewsWatcherMetrics>(),
            NullLogger<OutboxSender>.Instance,
            services.GetRequiredService<NewsWatcher.Delivery.Channels.ChannelMessageBuilder>(),
            services.GetRequiredService<NewsWatcher.Delivery.Channels.ChannelSender>(),
            services.GetRequiredService<NewsWatcher.Subscribers.IPreferenceStore>());
        var desk = Config.Current.Subscribers[0];

        Assert.Equal("error", (await crashing.SendAsync(new Route(desk), OutboxKind.Digest, Token)).Status);
        var first = Assert.Single(_smtp.Messages);
        var outcome = await services.GetRequiredService<OutboxSender>().SendAsync(new Route(desk), OutboxKind.Digest, Token);

        var messages = _smtp.Messages.ToList();
        Assert.True(messages.Count > 2, $"{messages.Count} messages");
        Assert.Equal(first.MessageId, messages[1].MessageId);
        Assert.Equal(first.TextBody, messages[1].TextBody);
        foreach (var title in titles)
        {
            // Twice only as the resend of the same part (same Message-ID), never under another id.
            Assert.Single(messages.Where(m => (m.TextBody ?? "").Contains(title[..16], StringComparison.Ordinal)).Select(m => m.MessageId).Distinct());
        }

        Assert.Equal(("sent", 8), (outcome.Status, outcome.Items));
        Assert.Equal(0, await Pending.CountAsync("desk@example.org", OutboxKind.Digest, Token));
    }

    [Fact]
    public async Task Send_ItemAloneOverMaxMessageBytes_GivenUpUnsentOthersDelivered()
    {
        await StartAsync("""
            subscribers:
              - {email: desk@example.org, name: Desk, watches: ["*"], digest: hourly, immediate: false}
            """, new() { ["Digest:MaxMessageBytes"] = "40000" });
        await EnqueueFromAsync("desk@example.org", OutboxKind.Digest, "wire", "Truce talks resume in Istanbul");
        var big = (await EnqueueFromAsync("desk@example.org", OutboxKind.Digest, "flood", "Truce " + string.Concat(Enumerable.Repeat("truce Russia ", 5_000)))).Single();

        var outcome = await _host!.Services.GetRequiredService<OutboxSender>().SendAsync(new Route(Config.Current.Subscribers[0]), OutboxKind.Digest, Token);

        var message = Assert.Single(_smtp.Offered);
        Assert.Contains("Truce talks resume in Istanbul", message.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("truce Russia truce Russia", message.TextBody, StringComparison.Ordinal);
        var failure = Assert.Single(await Pending.ListFailedAsync("desk@example.org", Token));
        Assert.Equal([big], failure.ItemKeys);
        Assert.Contains("Digest:MaxMessageBytes (40000)", failure.Reason, StringComparison.Ordinal);
        Assert.Equal(("sent", 1, 1), (outcome.Status, outcome.Items, outcome.Dropped));
        Assert.Equal(0, await Pending.CountAsync("desk@example.org", OutboxKind.Digest, Token));
    }

    private static DateTimeOffset Local(int year, int month, int day, int hour, int minute)
    {
        var local = new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, Kyiv.GetUtcOffset(local)).ToUniversalTime();
    }

    private async Task RestartSmtpAsync(int maxMessageSize)
    {
        await _smtp.DisposeAsync();
        _smtp = await TestSmtpServer.StartAsync(maxMessageSize, Token);
    }

    private async Task StartAsync(string subscribers, Dictionary<string, string?>? extra = null)
    {
        File.WriteAllText(Path.Combine(_config, "subscribers.yaml"), subscribers);
        var settings = new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = _store.NewDataDirectory(),
            ["Storage:KeyPrefix"] = StoreFixture.UniquePrefix(),
            ["Smtp:Host"] = TestSmtpServer.Host,
            ["Smtp:Port"] = _smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Smtp:Security"] = "None",
            ["Smtp:From"] = "NewsWatcher <alerts@newswatcher.test>",

            // The rate limiter waits on the (fake) clock; these tests are about outboxes, not pacing.
            ["Smtp:MaxMessagesPerMinute"] = "0",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        var builder = NewsWatcherHost.CreateBuilder([], _config, EditorConfigLoader.Load(_config), scheduled: false, settings);
        builder.Services.AddSingleton<TimeProvider>(_time);
        _host = builder.Build();
        await _host.StartAsync(Token);
    }

    private Task<IReadOnlyList<string>> EnqueueAsync(string subscriber, OutboxKind channel, params string[] titles) =>
        EnqueueFromAsync(subscriber, channel, "wire", titles);

    /// <returns>The item keys, in order.</returns>
    private async Task<IReadOnlyList<string>> EnqueueFromAsync(string subscriber, OutboxKind channel, string feedId, params string[] titles)
    {
        var batch = new List<ArticleDeliveries>();
        foreach (var title in titles)
        {
            var id = $"a{++_articles}";
            var article = new Article(id, feedId, title, title + " — report.", $"https://news.example/{id}", _time.GetUtcNow().AddMinutes(_articles));
            var match = new WatchMatch("truce", "Truce", "agreement", WatchPriority.Urgent, [new MatchedTerm("truce", "title", 0, 5)]);
            batch.Add(new ArticleDeliveries(article, [new PendingDelivery(subscriber, channel, new DigestItem(article, [match]))]));
        }

        await _host!.Services.GetRequiredService<IArticleLedger>().RecordAsync(batch, Token);
        return [.. batch.Select(b => b.Article.Id)];
    }

    private async Task RunAlertsJobAsync() =>
        await new SendAlertsJob(_host!.Services.GetRequiredService<OutboxSender>(), Config).Execute(null!, Token);
}
