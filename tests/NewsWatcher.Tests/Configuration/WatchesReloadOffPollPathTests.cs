using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using NewsWatcher.Configuration;
using NewsWatcher.Core.Parsing;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Configuration;

/// <summary>
/// A reload of 100,000 watches happens beside the polls, not in their way: while it reads and compiles, polls keep
/// matching with the rules in use, and they see either the old set or the new one whole.
/// </summary>
public sealed class WatchesReloadOffPollPathTests
{
    private const int Size = 100_000;

    [Fact]
    public async Task ReloadIfChanged_HundredThousandWatchesSaved_PollsKeepMatchingUntilTheWholeSetIsSwappedIn()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "holds the reload mid-read with a named pipe (mkfifo)");
        var token = TestContext.Current.CancellationToken;
        var config = TempDirectory.Create("reload-offpath");
        try
        {
            File.WriteAllText(Path.Combine(config, "feeds.yaml"), "feeds:\n  - {id: world, url: world.xml}\n");
            File.WriteAllText(Path.Combine(config, "subscribers.yaml"), "subscribers:\n  - {email: desk@example.org, name: Desk, watches: [w], digest: hourly, timezone: UTC, immediate: false}\n");
            var watches = Path.Combine(config, "watches.yaml");
            File.WriteAllText(watches, "watches:\n  - id: w\n    name: W\n    category: other\n    query: truce\n");
            var log = new Collector();
            TimeSpan? compiled = null;
            var provider = new EditorConfigProvider(config, EditorConfigLoader.Load(config), TimeProvider.System, log, (ok, elapsed) => compiled = ok ? elapsed : null);
            var truce = new Article("1", "world", "Truce holds in the north", "", null, DateTimeOffset.UnixEpoch);

            // watches.yaml becomes a pipe: the reload that reads it cannot finish before this test writes and closes it.
            var pipe = Path.Combine(config, "watches.fifo");
            using (var mkfifo = Process.Start("mkfifo", [pipe]))
            {
                await mkfifo.WaitForExitAsync(token);
                Assert.Equal(0, mkfifo.ExitCode);
            }

            File.Move(pipe, watches, overwrite: true);
            var reload = Task.Factory.StartNew(provider.ReloadIfChanged, token, TaskCreationOptions.LongRunning, TaskScheduler.Default);

            // Opening the pipe for writing returns once the reload has opened it for reading: the reload is under way.
            await using (var writer = await Task.Run(() => new FileStream(watches, FileMode.Open, FileAccess.Write), token))
            {
                for (var poll = 0; poll < 3; poll++)
                {
                    Assert.Equal("w", Assert.Single(provider.Current.Watches.Match(truce)).WatchId);
                }

                Assert.False(reload.IsCompleted);
                await writer.WriteAsync(Encoding.UTF8.GetBytes(ManyWatches()), token);
            }

            // Reading is done; compiling runs now. Every poll meanwhile sees one whole set, the old or the new.
            var polls = 0;
            while (!reload.IsCompleted)
            {
                var current = provider.Current.Watches;
                Assert.Contains(current.Watches.Count, (int[])[1, Size]);
                Assert.Equal(current.Watches.Count == 1 ? ["w"] : ["w", "w7"], current.Match(truce).Select(m => m.WatchId));
                polls++;
            }

            Assert.True(await reload);
            Assert.Equal(Size, provider.Current.Watches.Watches.Count);
            Assert.NotNull(compiled);
            var reloaded = Assert.Single(log.Messages, m => m.Contains("watches now in use", StringComparison.Ordinal));
            Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"{Size} watches now in use, read and compiled in {(long)compiled.Value.TotalMilliseconds} ms"), reloaded, StringComparison.Ordinal);
            TestContext.Current.SendDiagnosticMessage($"{polls} polls matched while {Size} watches compiled in {compiled.Value.TotalMilliseconds:0} ms");
        }
        finally
        {
            TempDirectory.DeleteQuietly(config);
        }
    }

    /// <summary>The watch subscribers follow, still matching "truce", then distinct watches; one of them, w7, also matches the test headline.</summary>
    private static string ManyWatches()
    {
        var yaml = new StringBuilder("watches:\n  - id: w\n    name: W\n    category: other\n    query: truce OR ceasefire\n");
        for (var i = 1; i < Size; i++)
        {
            var query = i == 7 ? "truce NEAR/3 north" : string.Create(CultureInfo.InvariantCulture, $"region{i % 5000} (talks{i % 97} OR envoy{i % 89}) -rumour{i % 31}");
            yaml.Append(CultureInfo.InvariantCulture, $"  - id: w{i}\n    name: W{i}\n    category: other\n    query: {query}\n");
        }

        return yaml.ToString();
    }

    private sealed class Collector : ILogger<EditorConfigProvider>
    {
        private readonly ConcurrentQueue<string> _messages = new();

        public IReadOnlyList<string> Messages => [.. _messages];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _messages.Enqueue(formatter(state, exception));
    }
}
