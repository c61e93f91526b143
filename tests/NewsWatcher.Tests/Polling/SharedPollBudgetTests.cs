using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using NewsWatcher.Configuration;
using NewsWatcher.Core.Fetching;
using NewsWatcher.Core.Polling;
using NewsWatcher.Fetching.WebSub;
using NewsWatcher.Polling;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Polling;

/// <summary>Adaptive feeds share one request budget, worked out from the rhythms in the store, the same on every replica.</summary>
public sealed class SharedPollBudgetTests : IClassFixture<StoreFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);
    private readonly StoreFixture _store;
    private readonly FakeTimeProvider _time = new(Start.AddDays(14).AddHours(12));
    private WorkerHarness _harness = null!;

    public SharedPollBudgetTests(StoreFixture store)
    {
        _store = store;
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _harness = await WorkerHarness.StartAsync(StoreBackend.Redis, _store.NewDataDirectory());
        _harness.ConfigureServices = s => s.AddSingleton<TimeProvider>(_time);
        _harness.WriteConfig("watches.yaml", "watches:\n  - id: truce\n    name: Truce\n    category: agreement\n    any: [truce]\n");
        _harness.WriteConfig("subscribers.yaml", "subscribers:\n  - email: desk@example.org\n    name: Desk\n    watches: [\"*\"]\n    digest: hourly\n    timezone: UTC\n");
    }

    public async ValueTask DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Poll_BusyAndQuietAdaptiveFeedsOnTwoReplicas_SameSharedScaleAndTheBusyFeedPolledSoonerThanOnItsOwnBudget()
    {
        var body = Encoding.UTF8.GetBytes("<rss version=\"2.0\"><channel><item><guid>b1</guid><title>Truce holds</title></item></channel></rss>");
        var busyUrl = _harness.Feeds.Serve("/busy.xml", body);
        var quietUrl = _harness.Feeds.Serve("/quiet.xml", body);
        _harness.WriteConfig("feeds.yaml", $"feeds:\n  - id: busy\n    url: {busyUrl}\n    interval: 15m\n    adaptive: true\n  - id: quiet\n    url: {quietUrl}\n    interval: 15m\n    adaptive: true\n");
        using var one = _harness.BuildHost();
        using var other = _harness.BuildHost();
        var state = one.Services.GetRequiredService<IFeedStateStore>();
        // Two weeks of history, learned at one look: every 10 minutes from 08:00 to 20:00, and once a day at 09:00.
        var busy = PublicationRhythm.Empty.Observe(Enumerable.Range(0, 14 * 24 * 6).Select(k => Start.AddMinutes(k * 10)).Where(t => t.Hour is >= 8 and < 20), Start.AddDays(14));
        var quiet = PublicationRhythm.Empty.Observe(Enumerable.Range(0, 14).Select(d => Start.AddDays(d).AddHours(9)), Start.AddDays(14));
        await state.SaveStateAsync("busy", FeedHealth.Empty with { Rhythm = busy }, null, Token);
        await state.SaveStateAsync("quiet", FeedHealth.Empty with { Rhythm = quiet }, null, Token);

        var scale = await one.Services.GetRequiredService<SharedPollBudget>().ScaleAsync(Token);
        var otherScale = await other.Services.GetRequiredService<SharedPollBudget>().ScaleAsync(Token);
        var feed = one.Services.GetRequiredService<EditorConfigProvider>().Current.Feeds.Single(f => f.Id == "busy");
        var polled = await one.Services.GetRequiredService<FeedPoller>().PollAsync(feed, honourNextPoll: true, Token);

        Assert.NotNull(scale);
        Assert.Equal(scale, otherScale);
        var learned = (await state.GetStateAsync("busy", Token)).Health;
        var alone = one.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PollingOptions>>().Value.CreatePollPolicy()
            .Succeeded(feed, learned, _time.GetUtcNow(), maxAge: null, ttl: null, feedsOnHost: 2);
        Assert.Equal("ok", polled.Status);
        Assert.StartsWith("adaptive: ", learned.NextPollReason, StringComparison.Ordinal);
        Assert.True(polled.NextPoll < alone.NextPoll, $"sharing the budget: next poll {polled.NextPoll:HH:mm:ss}; on its own budget {alone.NextPoll:HH:mm:ss}");
    }

    [Fact]
    public async Task ScaleAsync_OneFeedPushedByItsHub_LeftOutSoTheOthersShareOnlyTheirOwnBudget()
    {
        var body = Encoding.UTF8.GetBytes("<rss version=\"2.0\"><channel><item><guid>b1</guid><title>Truce holds</title></item></channel></rss>");
        List<(string Id, string Url)> feeds = [.. ((string[])["busy", "quiet", "pushed"]).Select(id => (id, _harness.Feeds.Serve($"/{id}.xml", body)))];
        _harness.WriteConfig("feeds.yaml", "feeds:\n" + string.Concat(feeds.Select(f => $"  - id: {f.Id}\n    url: {f.Url}\n    interval: 15m\n    adaptive: true\n")));
        using var host = _harness.BuildHost(new Dictionary<string, string?> { ["Http:PublicUrl"] = "https://news.example.org/", ["Http:TokenKey"] = new string('k', 40) });
        var state = host.Services.GetRequiredService<IFeedStateStore>();
        var busy = PublicationRhythm.Empty.Observe(Enumerable.Range(0, 14 * 24 * 6).Select(k => Start.AddMinutes(k * 10)).Where(t => t.Hour is >= 8 and < 20), Start.AddDays(14));
        var quiet = PublicationRhythm.Empty.Observe(Enumerable.Range(0, 14).Select(d => Start.AddDays(d).AddHours(9)), Start.AddDays(14));
        await state.SaveStateAsync("busy", FeedHealth.Empty with { Rhythm = busy }, null, Token);
        await state.SaveStateAsync("quiet", FeedHealth.Empty with { Rhythm = quiet }, null, Token);
        await state.SaveStateAsync("pushed", FeedHealth.Empty with { Rhythm = quiet }, null, Token);
        var now = _time.GetUtcNow();
        await host.Services.GetRequiredService<RedisWebSubStore>().SaveAsync(
            new WebSubSubscription("pushed", new Uri("https://hub.example.org/"), new Uri(feeds[2].Url), "secret") { State = WebSubState.Active, RequestedAt = now.AddDays(-1), LeaseStarted = now.AddDays(-1), LeaseEnds = now.AddDays(5) },
            Token);

        var scale = await host.Services.GetRequiredService<SharedPollBudget>().ScaleAsync(Token);

        var config = host.Services.GetRequiredService<EditorConfigProvider>().Current;
        var policy = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PollingOptions>>().Value.CreatePollPolicy();
        BudgetedFeed Budgeted(string id, PublicationRhythm rhythm)
        {
            var feed = config.Feeds.Single(f => f.Id == id);
            var (min, max) = policy.Bounds(feed, feedsOnHost: 3);
            return new BudgetedFeed(rhythm, policy.Interval(feed), min, max);
        }

        var polledOnly = AdaptiveInterval.SharedScale([Budgeted("busy", busy), Budgeted("quiet", quiet)], now);
        var pushedCounted = AdaptiveInterval.SharedScale([Budgeted("busy", busy), Budgeted("quiet", quiet), Budgeted("pushed", quiet)], now);
        Assert.NotEqual(pushedCounted, polledOnly);
        Assert.Equal(polledOnly, scale);
    }
}
