using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NewsWatcher.Configuration;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Configuration;

/// <summary>The running worker never refuses a saved file for its examples: it applies the rules and logs a warning naming each failing one.</summary>
public sealed class RuleExamplesReloadTests : IDisposable
{
    private const string Watches = "watches:\n  - {id: w, name: W, category: talks, query: truce OR ceasefire}\n";
    private const string Stages = "rules:\n  - {id: broken, stage: violation, query: broken NEAR/3 truce}\n";

    private readonly string _config = TempDirectory.Create("examples-reload");
    private readonly CapturingLoggerProvider _logs = new() { MinimumLevel = LogLevel.Warning };
    private readonly ILoggerFactory _factory;

    public RuleExamplesReloadTests()
    {
        File.WriteAllText(Path.Combine(_config, "feeds.yaml"), "feeds:\n  - {id: world, url: world.xml}\n");
        File.WriteAllText(Path.Combine(_config, "subscribers.yaml"), "subscribers:\n  - {email: desk@example.org, name: Desk, watches: [w], digest: hourly, timezone: UTC}\n");
        File.WriteAllText(Path.Combine(_config, "watches.yaml"), Watches);
        File.WriteAllText(Path.Combine(_config, "stages.yaml"), Stages);
        _factory = LoggerFactory.Create(b => b.AddProvider(_logs));
    }

    [Fact]
    public void ReloadIfChanged_SavedFilesWithFailingExamples_AppliedAndEachExampleWarnedOnce()
    {
        var provider = Provider();
        var before = provider.Current;

        File.WriteAllText(Path.Combine(_config, "watches.yaml"), Watches.Replace("truce OR ceasefire", "truce OR ceasefire OR armistice", StringComparison.Ordinal)
            + "examples:\n  - {text: \"Peace talks resume\", matches: any}\n  - {text: \"Armistice signed\", matches: any}\n");
        File.WriteAllText(Path.Combine(_config, "stages.yaml"), Stages + "examples:\n  - {text: \"Truce broken overnight\", stage: talks}\n");
        provider.ReloadIfChanged();

        Assert.NotSame(before.Watches, provider.Current.Watches);
        Assert.NotSame(before.Stages, provider.Current.Stages);
        var warning = Assert.Single(_logs.Entries, e => e.Level == LogLevel.Warning);
        Assert.Equal(5006, warning.EventId.Id);
        Assert.Contains("watches.yaml:4: example \"Peace talks resume\" should match any; got: no match", warning.Message, StringComparison.Ordinal);
        Assert.Contains("stages.yaml:4: example \"Truce broken overnight\" should be talks; got: violation (rule broken)", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Armistice signed", warning.Message, StringComparison.Ordinal);

        // Nothing saved since: no new warning.
        provider.ReloadIfChanged();
        Assert.Single(_logs.Entries, e => e.Level == LogLevel.Warning);
    }

    [Fact]
    public void ReloadIfChanged_ExampleWrittenWrong_RulesAppliedAndWarned()
    {
        var provider = Provider();

        File.WriteAllText(Path.Combine(_config, "stages.yaml"), Stages + "examples:\n  - {text: \"Truce broken overnight\", stage: broken}\n");
        provider.ReloadIfChanged();

        Assert.Equal("broken", Assert.Single(provider.Current.Stages.Rules).Id);
        var warning = Assert.Single(_logs.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains("stages.yaml:4: example \"Truce broken overnight\": stage 'broken' is not one of ", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reloader_Start_WarnsOfTheExamplesInUseThatDoNotHold()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2)); // only a bound for a hang, never reached when it works
        File.WriteAllText(Path.Combine(_config, "watches.yaml"), Watches + "examples:\n  - {text: \"Peace talks resume\", matches: any}\n");
        var options = Options.Create(new RulesReloadOptions { WatchFile = false });
        using var reloader = new WatchesReloader(Provider(), options, new FakeTimeProvider(), NullLogger<WatchesReloader>.Instance);

        await reloader.StartAsync(timeout.Token);
        while (!_logs.Entries.Any(e => e.EventId.Id == 5006))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), timeout.Token);
        }

        await reloader.StopAsync(timeout.Token);
        Assert.Contains("watches.yaml:4: example \"Peace talks resume\" should match any; got: no match", Assert.Single(_logs.Entries).Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _factory.Dispose();
        _logs.Dispose();
        TempDirectory.DeleteQuietly(_config);
    }

    private EditorConfigProvider Provider()
    {
        return new EditorConfigProvider(_config, EditorConfigLoader.Load(_config), TimeProvider.System, _factory.CreateLogger<EditorConfigProvider>());
    }
}
