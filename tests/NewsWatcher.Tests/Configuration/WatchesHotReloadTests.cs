using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NewsWatcher.Configuration;
using NewsWatcher.Diagnostics;
using NewsWatcher.Polling;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Configuration;

/// <summary>
/// Saving watches.yaml changes what the running worker matches as soon as the file changes, whether or not any feed
/// changed; a broken save changes nothing, and is reported once.
/// </summary>
public sealed class WatchesHotReloadTests : IClassFixture<StoreFixture>
{
    private const string Subscribers = "subscribers:\n  - {email: desk@example.org, name: Desk, watches: [w], digest: hourly, timezone: UTC, immediate: false}\n";

    private readonly StoreFixture _store;

    public WatchesHotReloadTests(StoreFixture store)
    {
        _store = store;
    }

    [Fact]
    public async Task Reload_SavesWhileFeedsAnswer304_BrokenOneReportedOnceAndFixedOneAppliedWithoutAPoll()
    {
        var token = TestContext.Current.CancellationToken;
        await using var harness = await WorkerHarness.StartAsync(StoreBackend.Garnet, _store.NewDataDirectory());
        var logs = new CapturingLoggerProvider();
        harness.ConfigureServices = services => services.AddSingleton<ILoggerProvider>(logs);
        harness.Set("Logging:LogLevel:NewsWatcher.Configuration", "Information");
        harness.WriteConfig("watches.yaml", Watch("hostage*"));
        harness.WriteConfig("subscribers.yaml", Subscribers);
        var url = harness.Feeds.Serve("/world.xml", Rss("a1", "Truce holds in Gaza"));
        harness.WriteConfig("feeds.yaml", $"feeds:\n  - id: world\n    url: {url}\n");
        using var host = await harness.StartHostAsync(scheduled: false);
        var poller = host.Services.GetRequiredService<FeedPoller>();
        var provider = host.Services.GetRequiredService<EditorConfigProvider>();
        var feed = provider.Current.Feeds[0];
        using var reloads = new ReloadListener(host.Services.GetRequiredService<NewsWatcherMetrics>().Meter);

        var first = await poller.PollAsync(feed, token);
        Assert.Equal((1, 0), (first.NewArticles, first.Deliveries));
        Assert.Equal("not_modified", (await poller.PollAsync(feed, token)).Status);
        var requests = harness.Feeds.Requests.Count;

        // A broken save is reported on its own, while every feed is unchanged and nothing polls.
        harness.WriteConfig("watches.yaml", Watch("(truce OR ceasefire"));
        Assert.Equal("failure", await reloads.NextAsync(token));
        Assert.Equal(requests, harness.Feeds.Requests.Count);
        var error = Assert.Single(logs.Messages, m => m.Level == LogLevel.Error);
        Assert.Contains("watches.yaml:5:31: expected ')' to close '(' opened at 5:12", error.Text, StringComparison.Ordinal);
        Assert.Contains("last good watch rules stay in use", error.Text, StringComparison.Ordinal);

        // check shows the same error and fails, while the worker keeps running on the last good rules.
        var check = await CliProcess.RunAsync(harness.ConfigDirectory, "check", "--config", harness.ConfigDirectory);
        Assert.Equal(2, check.ExitCode);
        Assert.Contains("watches.yaml:5:31: expected ')' to close '(' opened at 5:12", check.Stderr, StringComparison.Ordinal);
        Assert.Equal("not_modified", (await poller.PollAsync(feed, token)).Status);

        // Further checks of the same broken file (or a touch of it) log nothing more.
        Assert.False(provider.ReloadIfChanged());
        File.SetLastWriteTimeUtc(Path.Combine(harness.ConfigDirectory, "watches.yaml"), TimeProvider.System.GetUtcNow().UtcDateTime.AddMinutes(1));
        Assert.False(provider.ReloadIfChanged());
        Assert.Single(logs.Messages, m => m.Level == LogLevel.Error);

        // The fix is applied before any feed changes; the next new item is matched by it.
        harness.WriteConfig("watches.yaml", Watch("truce NEAR/3 (Gaza OR Kyiv)"));
        Assert.Equal("success", await reloads.NextAsync(token));
        Assert.Equal(requests + 1, harness.Feeds.Requests.Count);
        Assert.Contains(logs.Messages, m => m.Level == LogLevel.Information && m.Text.Contains("watches now in use, read and compiled in", StringComparison.Ordinal));
        Assert.Equal(1, reloads.Compiles);
        harness.Feeds.Serve("/world.xml", Rss("a2", "Gaza truce extended"));
        var fixedPoll = await poller.PollAsync(feed, token);
        Assert.Equal((1, 1), (fixedPoll.NewArticles, fixedPoll.Deliveries));
        Assert.Single(logs.Messages, m => m.Level == LogLevel.Error);

        await host.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Reload_ThousandsOfNestedParentheses_KeepsTheLastGoodRulesAndLogsThePosition()
    {
        var token = TestContext.Current.CancellationToken;
        await using var harness = await WorkerHarness.StartAsync(StoreBackend.Garnet, _store.NewDataDirectory());
        var logs = new CapturingLoggerProvider();
        harness.ConfigureServices = services => services.AddSingleton<ILoggerProvider>(logs);
        harness.WriteConfig("watches.yaml", Watch("truce"));
        harness.WriteConfig("subscribers.yaml", Subscribers);
        harness.WriteConfig("feeds.yaml", $"feeds:\n  - id: world\n    url: {harness.Feeds.Serve("/world.xml", Rss("a1", "Truce holds in Gaza"))}\n");
        using var host = await harness.StartHostAsync(scheduled: false);
        var provider = host.Services.GetRequiredService<EditorConfigProvider>();
        var before = provider.Current;
        using var reloads = new ReloadListener(host.Services.GetRequiredService<NewsWatcherMetrics>().Meter);

        // Before the limits this overflowed the stack in the parser: the worker died with SIGABRT, and again at every restart.
        harness.WriteConfig("watches.yaml", Watch(new string('(', 4_500) + "truce" + new string(')', 4_500)));

        Assert.Equal("failure", await reloads.NextAsync(token));
        Assert.Same(before, provider.Current);
        var error = Assert.Single(logs.Messages, m => m.Level == LogLevel.Error);
        Assert.Contains($"watches.yaml:5:{12 + NewsWatcher.Core.Matching.QueryParser.MaxDepth}: '(' nests the query more than", error.Text, StringComparison.Ordinal);
        Assert.Equal("ok", (await host.Services.GetRequiredService<FeedPoller>().PollAsync(before.Feeds[0], token)).Status);

        await host.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Reloader_WithoutChangeNotifications_PeriodicCheckAppliesTheSave()
    {
        var token = TestContext.Current.CancellationToken;
        var config = TempDirectory.Create("reload-periodic");
        try
        {
            File.WriteAllText(Path.Combine(config, "feeds.yaml"), "feeds:\n  - {id: world, url: world.xml}\n");
            File.WriteAllText(Path.Combine(config, "subscribers.yaml"), Subscribers);
            File.WriteAllText(Path.Combine(config, "watches.yaml"), Watch("truce"));
            var results = Channel.CreateUnbounded<bool>();
            var provider = new EditorConfigProvider(config, EditorConfigLoader.Load(config), TimeProvider.System, NullLogger<EditorConfigProvider>.Instance, reloaded: (ok, _) => results.Writer.TryWrite(ok));
            var time = new FakeTimeProvider();
            var options = Options.Create(new RulesReloadOptions { WatchFile = false, CheckInterval = TimeSpan.FromSeconds(30) });
            using var reloader = new WatchesReloader(provider, options, time, NullLogger<WatchesReloader>.Instance);
            await reloader.StartAsync(token);

            File.WriteAllText(Path.Combine(config, "watches.yaml"), Watch("ceasefire OR truce*"));
            var reloaded = results.Reader.ReadAsync(token).AsTask();
            while (!reloaded.IsCompleted)
            {
                // The check is due every interval of (fake) time; let the reloader reach its wait between steps.
                time.Advance(options.Value.CheckInterval);
                await Task.WhenAny(reloaded, Task.Delay(TimeSpan.FromMilliseconds(20), token));
            }

            Assert.True(await reloaded);
            Assert.Single(provider.Current.Watches.Match(new NewsWatcher.Core.Parsing.Article("1", "world", "Truces", "", null, DateTimeOffset.UnixEpoch)));
            await reloader.StopAsync(token);
        }
        finally
        {
            TempDirectory.DeleteQuietly(config);
        }
    }

    [Fact]
    public void ReloadIfChanged_EditRemovesAWatchASubscriberFollows_KeepsTheLastGoodRules()
    {
        var config = TempDirectory.Create("reload");
        try
        {
            File.WriteAllText(Path.Combine(config, "feeds.yaml"), "feeds:\n  - {id: world, url: world.xml}\n");
            File.WriteAllText(Path.Combine(config, "subscribers.yaml"), Subscribers);
            File.WriteAllText(Path.Combine(config, "watches.yaml"), Watch("truce"));
            var provider = new EditorConfigProvider(config, EditorConfigLoader.Load(config), TimeProvider.System, NullLogger<EditorConfigProvider>.Instance);
            var before = provider.Current;

            Assert.False(provider.ReloadIfChanged()); // unchanged file: nothing reread
            File.WriteAllText(Path.Combine(config, "watches.yaml"), Watch("ceasefire").Replace("id: w", "id: other", StringComparison.Ordinal));
            Assert.True(provider.ReloadIfChanged());
            Assert.Same(before, provider.Current);
            File.WriteAllText(Path.Combine(config, "watches.yaml"), Watch("ceasefire OR truce*"));
            Assert.True(provider.ReloadIfChanged());
            var after = provider.Current;

            Assert.NotSame(before, after);
            Assert.Same(before.Subscribers, after.Subscribers);
            Assert.Single(after.Watches.Match(new NewsWatcher.Core.Parsing.Article("1", "world", "Truces", "", null, DateTimeOffset.UnixEpoch)));
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

    /// <summary>The reload counter's results as they happen, and how many compile times were recorded.</summary>
    private sealed class ReloadListener : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Channel<string> _results = Channel.CreateUnbounded<string>();
        private int _compiles;

        public ReloadListener(Meter meter)
        {
            _listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter == meter && instrument.Name is "newswatcher.rules.reloads" or "newswatcher.rules.compile.duration")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, _, tags, _) => _results.Writer.TryWrite((string)tags.ToArray().Single(t => t.Key == "result").Value!));
            _listener.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref _compiles));
            _listener.Start();
        }

        /// <summary>The next reload's result. The cap only keeps a missing reload from hanging the run: a save is seen within a second.</summary>
        public async Task<string> NextAsync(CancellationToken token)
        {
            using var cap = CancellationTokenSource.CreateLinkedTokenSource(token);
            cap.CancelAfter(TimeSpan.FromMinutes(2));
            try
            {
                return await _results.Reader.ReadAsync(cap.Token);
            }
            catch (OperationCanceledException) when (!token.IsCancellationRequested)
            {
                throw new Xunit.Sdk.XunitException("watches.yaml was saved but no reload happened (was it only reloaded by a poll?)");
            }
        }

        public int Compiles => Volatile.Read(ref _compiles);

        public void Dispose() => _listener.Dispose();
    }

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
            if (logLevel >= LogLevel.Error || eventId.Id == 5000)
            {
                Queue.Enqueue((logLevel, formatter(state, exception)));
            }
        }

        public void Dispose()
        {
        }
    }
}
