using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using NewsWatcher.Cli;
using NewsWatcher.Fetching.WebSub;
using NewsWatcher.Polling;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Polling;

/// <summary>Polite, resilient polling against a real HTTP server, with time under the test's control.</summary>
public sealed class FeedPollerHealthTests : IClassFixture<StoreFixture>, IAsyncLifetime
{
    private static readonly TimeSpan _interval = TimeSpan.FromMinutes(10);
    private readonly StoreFixture _store;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));
    private WorkerHarness _harness = null!;
    private IHost _host = null!;

    public FeedPollerHealthTests(StoreFixture store)
    {
        _store = store;
    }

    private FeedPoller Poller => _host.Services.GetRequiredService<FeedPoller>();

    private IFeedStateStore State => _host.Services.GetRequiredService<IFeedStateStore>();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _harness = await WorkerHarness.StartAsync(StoreBackend.Garnet, _store.NewDataDirectory());
        _harness.ConfigureServices = s => s.AddSingleton<TimeProvider>(_time);
        _harness.WriteConfig("watches.yaml", "watches:\n  - id: truce\n    name: Truce\n    category: agreement\n    any: [truce]\n");
        _harness.WriteConfig("subscribers.yaml", "subscribers:\n  - email: desk@example.org\n    name: Desk\n    watches: [\"*\"]\n    digest: hourly\n    timezone: UTC\n");
    }

    public async ValueTask DisposeAsync()
    {
        _host?.Dispose();
        await _harness.DisposeAsync();
    }

    [Fact]
    public async Task Poll_FailuresInARow_BackOffExponentiallyThenRecoverOnSuccess()
    {
        var feed = Configure("/flaky.xml", Rss("a1"));
        _harness.Feeds.FailWith("/flaky.xml", 500);

        var first = await Poller.PollAsync(feed, honourNextPoll: true, Token);
        var early = await Poller.PollAsync(feed, honourNextPoll: true, Token);
        _time.Advance(first.NextPoll!.Value - _time.GetUtcNow());
        var second = await Poller.PollAsync(feed, honourNextPoll: true, Token);
        _harness.Feeds.FailWith("/flaky.xml", null);
        _time.Advance(second.NextPoll!.Value - _time.GetUtcNow());
        var recovered = await Poller.PollAsync(feed, honourNextPoll: true, Token);

        Assert.Equal("fetch_error", first.Status);
        AssertBetween(_interval * 2 * 0.8, _interval * 2, first.NextPoll!.Value - (_time.Start));
        Assert.Equal("deferred", early.Status);
        Assert.Equal(3, _harness.Feeds.RequestsFor("/flaky.xml").Count); // the deferred poll made no request
        Assert.Equal("fetch_error", second.Status);
        var health = (await State.GetStateAsync(feed.Id, Token)).Health;
        Assert.Equal("ok", recovered.Status);
        Assert.Equal(0, health.ConsecutiveFailures);
        // The store keeps milliseconds.
        Assert.Equal(_time.GetUtcNow().ToUnixTimeMilliseconds(), health.LastSuccess?.ToUnixTimeMilliseconds());
        Assert.Equal((_time.GetUtcNow() + _interval).ToUnixTimeMilliseconds(), health.NextPoll?.ToUnixTimeMilliseconds());
        Assert.Equal("HTTP 500 Internal Server Error", health.LastError);
    }

    [Fact]
    public void Backoff_ManyFailures_CappedAndJitteredBelowTheCap()
    {
        var cap = TimeSpan.FromHours(6);

        Assert.Equal(TimeSpan.FromMinutes(20), FeedPoller.Backoff(_interval, 1, cap, 0));
        Assert.Equal(TimeSpan.FromMinutes(80), FeedPoller.Backoff(_interval, 3, cap, 0));
        Assert.Equal(cap, FeedPoller.Backoff(_interval, 40, cap, 0));
        Assert.Equal(cap * 0.8, FeedPoller.Backoff(_interval, 40, cap, 1));
    }

    [Fact]
    public async Task Poll_429WithRetryAfter_NotPolledBeforeThen()
    {
        var feed = Configure("/busy.xml", Rss("a1"));
        _harness.Feeds.Handle("/busy.xml", ctx =>
        {
            ctx.Response.StatusCode = 429;
            ctx.Response.Headers.RetryAfter = "7200";
            return Task.CompletedTask;
        });

        var outcome = await Poller.PollAsync(feed, honourNextPoll: true, Token);

        Assert.Equal(_time.GetUtcNow().AddHours(2), outcome.NextPoll);
        Assert.Equal("deferred", (await Poller.PollAsync(feed, honourNextPoll: true, Token)).Status);
    }

    [Theory]
    [InlineData("max-age=3600", "", 60)]
    [InlineData("", "<ttl>120</ttl>", 120)]
    [InlineData("max-age=60", "", 10)]
    [InlineData("", "<sy:updatePeriod xmlns:sy=\"http://purl.org/rss/1.0/modules/syndication/\">hourly</sy:updatePeriod>", 60)]
    public async Task Poll_CacheControlAndTtl_AreAFloorOnTheInterval(string cacheControl, string ttl, int expectedMinutes)
    {
        var body = Encoding.UTF8.GetBytes($"<rss version=\"2.0\"><channel>{ttl}<item><guid>a1</guid><title>Truce</title></item></channel></rss>");
        var feed = Configure("/cached.xml", body);
        _harness.Feeds.Handle("/cached.xml", async ctx =>
        {
            ctx.Response.Headers.CacheControl = cacheControl;
            await ctx.Response.Body.WriteAsync(body);
        });

        var outcome = await Poller.PollAsync(feed, honourNextPoll: true, Token);

        Assert.Equal("ok", outcome.Status);
        Assert.Equal(_time.GetUtcNow().AddMinutes(expectedMinutes), outcome.NextPoll);
    }

    [Fact]
    public async Task Poll_Answered304AfterATtl_TheTtlStillHolds()
    {
        var feed = Configure("/ttl.xml", Encoding.UTF8.GetBytes("<rss version=\"2.0\"><channel><ttl>120</ttl><item><guid>a1</guid><title>Truce</title></item></channel></rss>"));

        var first = await Poller.PollAsync(feed, honourNextPoll: true, Token);
        _time.Advance(first.NextPoll!.Value - _time.GetUtcNow());
        var second = await Poller.PollAsync(feed, honourNextPoll: true, Token);

        Assert.Equal("not_modified", second.Status);
        Assert.Equal(_time.GetUtcNow().AddMinutes(120), second.NextPoll);
        Assert.Contains("ttl", (await State.GetStateAsync(feed.Id, Token)).Health.NextPollReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Poll_SecondTime_ConditionalGetAnswered304()
    {
        var feed = Configure("/stable.xml", Rss("a1"));

        await Poller.PollAsync(feed, Token);
        var second = await Poller.PollAsync(feed, Token);

        Assert.Equal("not_modified", second.Status);
        Assert.True(_harness.Feeds.RequestsFor("/stable.xml")[^1].IsConditional);
    }

    [Fact]
    public async Task Poll_410Gone_DisablesTheFeedWithoutFurtherRequests()
    {
        var feed = Configure("/gone.xml", Rss("a1"));
        _harness.Feeds.FailWith("/gone.xml", 410);

        var first = await Poller.PollAsync(feed, Token);
        var second = await Poller.PollAsync(feed, Token);

        Assert.Equal("gone", first.Status);
        Assert.Equal("disabled", second.Status);
        Assert.Single(_harness.Feeds.RequestsFor("/gone.xml"));
        var table = new StringWriter();
        await FeedsCommand.RunAsync(_host.Services, table, Token);
        Assert.Matches(@"(?m)^gone\s+gone\s+never\s+0\s+-\s+-\s+.*\s+HTTP 410 Gone", table.ToString());
    }

    [Fact]
    public async Task Poll_PermanentRedirect_NextPollGoesToTheNewUrl()
    {
        var feed = Configure("/old.xml", Rss("a1"));
        var newUrl = _harness.Feeds.Serve("/new.xml", Rss("a1"));
        _harness.Feeds.Handle("/old.xml", ctx =>
        {
            ctx.Response.StatusCode = 301;
            ctx.Response.Headers.Location = "/new.xml";
            return Task.CompletedTask;
        });

        var first = await Poller.PollAsync(feed, Token);
        var second = await Poller.PollAsync(feed, Token);

        Assert.Equal("ok", first.Status);
        Assert.Equal("not_modified", second.Status);
        Assert.Single(_harness.Feeds.RequestsFor("/old.xml"));
        Assert.Equal(2, _harness.Feeds.RequestsFor("/new.xml").Count);
        Assert.Equal(newUrl, (await State.GetStateAsync(feed.Id, Token)).Health.MovedTo);
    }

    [Fact]
    public async Task FeedsCommand_FailingFeed_RowShowsFailuresAndReason()
    {
        var feed = Configure("/down.xml", Rss("a1"));
        _harness.Feeds.FailWith("/down.xml", 503);
        await Poller.PollAsync(feed, Token);
        _time.Advance(TimeSpan.FromMinutes(5));

        var table = new StringWriter();
        await FeedsCommand.RunAsync(_host.Services, table, Token);

        var lines = table.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("FEED", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^down\s+failing\s+never\s+1\s+2026-11-25 10:\d\d:\d\dZ\s+backing off after 1 failure in a row .*\s+HTTP 503 Service Unavailable \(5m ago\)", lines[1]);
    }

    [Fact]
    public async Task FeedsCommandAndStatusPage_HubPushesTheFeed_ShowTheLeaseTheRhythmAndTheNextPoll()
    {
        var feed = Configure("/pushed.xml", Rss("a1"));
        await Poller.PollAsync(feed, Token);
        await _host.Services.GetRequiredService<RedisWebSubStore>().SaveAsync(
            new Core.Fetching.WebSubSubscription(feed.Id, new Uri("https://hub.example.org/"), new Uri(feed.Url), "secret")
            {
                State = Core.Fetching.WebSubState.Active, RequestedAt = _time.GetUtcNow(), LeaseStarted = _time.GetUtcNow(), LeaseEnds = _time.GetUtcNow().AddDays(10),
            },
            Token);

        var table = new StringWriter();
        await FeedsCommand.RunAsync(_host.Services, table, Token);
        var status = Assert.Single((await _host.Services.GetRequiredService<NewsWatcher.Diagnostics.StatusSnapshotProvider>().GetAsync(Token)).Feeds);

        Assert.Matches(@"(?m)^pushed\s+ok\s+just now\s+0\s+2026-11-25 10:10:00Z\s+the interval is 00:10:00 .*fixed interval \(adaptive: off\); learned .*\s+pushed by hub.example.org, lease ends 2026-12-05 10:00Z\s+-", table.ToString());
        Assert.Equal(("pushed by hub.example.org, lease ends 2026-12-05 10:00Z", _time.GetUtcNow().AddMinutes(10)), (status.Schedule!.Push, status.Schedule.NextPoll!.Value));
    }

    private Core.Polling.FeedDefinition Configure(string path, byte[] body)
    {
        var url = _harness.Feeds.Serve(path, body);
        var id = Path.GetFileNameWithoutExtension(path);
        _harness.WriteConfig("feeds.yaml", $"feeds:\n  - id: {id}\n    url: {url}\n    interval: 10m\n");
        _host = _harness.BuildHost();
        return _host.Services.GetRequiredService<NewsWatcher.Configuration.EditorConfigProvider>().Current.Feeds.Single();
    }

    private static void AssertBetween(TimeSpan low, TimeSpan high, TimeSpan actual) =>
        Assert.True(actual >= low && actual <= high, $"{actual} not in [{low}, {high}]");

    private static byte[] Rss(string guid) =>
        Encoding.UTF8.GetBytes($"<rss version=\"2.0\"><channel><item><guid>{guid}</guid><title>Truce holds</title></item></channel></rss>");
}
