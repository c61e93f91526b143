using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NewsWatcher.Diagnostics;
using NewsWatcher.Pipeline;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Configuration;

/// <summary>Saving watches.yaml changes what the running worker matches at its next poll; a broken save changes nothing.</summary>
public sealed class WatchesHotReloadTests : IClassFixture<StoreFixture>
{
    private const string Subscribers = "subscribers:\n  - {email: desk@example.org, name: Desk, watches: [w], digest: hourly, timezone: UTC, immediate: false}\n";

    private readonly StoreFixture _store;

    public WatchesHotReloadTests(StoreFixture store)
    {
        _store = store;
    }

    [Fact]
    public async Task Poll_AfterWatchesSaved_UsesNewRules_AndKeepsLastGoodRulesOnBrokenEdit()
    {
        await using var harness = await WorkerHarness.StartAsync(StoreBackend.Garnet, _store.NewDataDirectory());
        var logs = new CapturingLoggerProvider();
        harness.ConfigureServices = services => services.AddSingleton<ILoggerProvider>(logs);
        harness.WriteConfig("watches.yaml", Watch("hostage*"));
        harness.WriteConfig("subscribers.yaml", Subscribers);
        var url = harness.Feeds.Serve("/world.xml", Rss("a1", "Truce holds in Gaza"));
        harness.WriteConfig("feeds.yaml", $"feeds:\n  - id: world\n    url: {url}\n");
        using var host = await harness.StartHostAsync(scheduled: false);
        var poller = host.Services.GetRequiredService<FeedPoller>();
        var feed = host.Services.GetRequiredService<NewsWatcher.Configuration.EditorConfigProvider>().Current.Feeds[0];
        var reloads = new ConcurrentQueue<string>();
        var meter = host.Services.GetRequiredService<NewsWatcherMetrics>().Meter;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter == meter && instrument.Name == "newswatcher.rules.reloads")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) => reloads.Enqueue((string)tags.ToArray().Single(t => t.Key == "result").Value!));
        listener.Start();

        var first = await poller.PollAsync(feed, TestContext.Current.CancellationToken);
        Assert.Equal((1, 0), (first.NewArticles, first.Deliveries));

        // The editor saves a rule that matches truces; the same running host picks it up at its next poll.
        harness.WriteConfig("watches.yaml", Watch("truce NEAR/3 (Gaza OR Kyiv)"));
        harness.Feeds.Serve("/world.xml", Rss("a2", "Gaza truce extended"));
        var second = await poller.PollAsync(feed, TestContext.Current.CancellationToken);
        Assert.Equal((1, 1), (second.NewArticles, second.Deliveries));

        // A broken save is reported with its position; polling goes on with the last good rules.
        harness.WriteConfig("watches.yaml", Watch("(truce OR ceasefire"));
        harness.Feeds.Serve("/world.xml", Rss("a3", "Kyiv truce talks"));
        var third = await poller.PollAsync(feed, TestContext.Current.CancellationToken);
        Assert.Equal((1, 1), (third.NewArticles, third.Deliveries));
        var error = Assert.Single(logs.Messages, m => m.Level == LogLevel.Error);
        Assert.Contains("watches.yaml:5:31: expected ')' to close '(' opened at 5:12", error.Text, StringComparison.Ordinal);
        Assert.Contains("last good watch rules stay in use", error.Text, StringComparison.Ordinal);

        // check shows the same error and fails, while the worker keeps running.
        var check = await CliProcess.RunAsync(harness.ConfigDirectory, "check", "--config", harness.ConfigDirectory);
        Assert.Equal(2, check.ExitCode);
        Assert.Contains("watches.yaml:5:31: expected ')' to close '(' opened at 5:12", check.Stderr, StringComparison.Ordinal);

        // The broken file is logged once, not at every poll; fixing it takes effect again.
        harness.Feeds.Serve("/world.xml", Rss("a4", "Kyiv truce holds"));
        await poller.PollAsync(feed, TestContext.Current.CancellationToken);
        Assert.Single(logs.Messages, m => m.Level == LogLevel.Error);
        harness.WriteConfig("watches.yaml", Watch("hostage* OR ceasefire"));
        harness.Feeds.Serve("/world.xml", Rss("a5", "Kyiv truce ends"));
        var fixedPoll = await poller.PollAsync(feed, TestContext.Current.CancellationToken);
        Assert.Equal((1, 0), (fixedPoll.NewArticles, fixedPoll.Deliveries));
        Assert.Equal(["success", "failure", "success"], reloads);

        await host.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void Refresh_EditRemovesAWatchASubscriberFollows_KeepsTheLastGoodRules()
    {
        var config = TempDirectory.Create("reload");
        try
        {
            File.WriteAllText(Path.Combine(config, "feeds.yaml"), "feeds:\n  - {id: world, url: world.xml}\n");
            File.WriteAllText(Path.Combine(config, "subscribers.yaml"), Subscribers);
            File.WriteAllText(Path.Combine(config, "watches.yaml"), Watch("truce"));
            var provider = new NewsWatcher.Configuration.EditorConfigProvider(config, NewsWatcher.Configuration.EditorConfigLoader.Load(config));
            var before = provider.Current;

            Assert.Same(before, provider.Refresh()); // unchanged file: nothing reread
            File.WriteAllText(Path.Combine(config, "watches.yaml"), Watch("ceasefire").Replace("id: w", "id: other", StringComparison.Ordinal));
            Assert.Same(before, provider.Refresh());
            File.WriteAllText(Path.Combine(config, "watches.yaml"), Watch("ceasefire OR truce*"));
            var after = provider.Refresh();

            Assert.NotSame(before, after);
            Assert.Same(before.Subscribers, after.Subscribers);
            Assert.Single(after.Watches.Match(new NewsWatcher.Core.Articles.Article("1", "world", "Truces", "", null, DateTimeOffset.UnixEpoch)));
        }
        finally
        {
            TempDirectory.DeleteQuietly(config);
        }
    }

    private static string Watch(string query) => $"watches:\n  - id: w\n    name: W\n    category: other\n    query: {query}\n";

    private static byte[] Rss(string guid, string title) => Encoding.UTF8.GetBytes(string.Create(
        CultureInfo.InvariantCulture,
        $"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>World</title><link>https://news.example.org/</link><description>d</description><item><guid>{guid}</guid><title>{title}</title><link>https://news.example.org/{guid}</link></item></channel></rss>"""));

    private sealed class CapturingLoggerProvider : ILoggerProvider, ILogger
    {
        public ConcurrentQueue<(LogLevel Level, string Text)> Queue { get; } = new();

        public IReadOnlyList<(LogLevel Level, string Text)> Messages => [.. Queue];

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error)
            {
                Queue.Enqueue((logLevel, formatter(state, exception)));
            }
        }

        public void Dispose()
        {
        }
    }
}
