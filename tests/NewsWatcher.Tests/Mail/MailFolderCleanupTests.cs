using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Mail;

/// <summary>A kill -9 during an outbox write leaves a hidden temporary; the next start removes it and says so.</summary>
public sealed class MailFolderCleanupTests : IClassFixture<StoreFixture>
{
    private readonly StoreFixture _store;

    public MailFolderCleanupTests(StoreFixture store)
    {
        _store = store;
    }

    [Fact]
    public async Task Start_OutboxWithTemporariesOfCutOffWrites_RemovesAndLogsThemKeepsEverythingElse()
    {
        await using var harness = await WorkerHarness.StartAsync(StoreBackend.Garnet, _store.NewDataDirectory());
        harness.WriteConfig("feeds.yaml", "feeds: []\n");
        harness.WriteConfig("watches.yaml", TruceWatches.Yaml);
        harness.WriteConfig("subscribers.yaml", "subscribers:\n  - email: desk@example.org\n    watches: [\"*\"]\n    digest: hourly\n");
        var outbox = Path.Combine(harness.ConfigDirectory, "outbox");
        Directory.CreateDirectory(outbox);
        harness.Set("Smtp:Host", "");
        harness.Set("MailFolder:Directory", outbox);

        // What the sender leaves when killed between creating its temporary and renaming it: half a message.
        var cutOff = new[] { $".20261206T101500Z.alert.5f3a.eml.{Guid.NewGuid():N}.tmp", $".20261206T101501Z.digest.77b1.eml.{Guid.NewGuid():N}.tmp" };
        foreach (var name in cutOff)
        {
            await File.WriteAllTextAsync(Path.Combine(outbox, name), "From: NewsWatcher\r\nSubject: Trunc", TestContext.Current.CancellationToken);
        }

        string[] kept = ["20261206T101400Z.alert.1111.eml", ".someone-elses.tmp", ".notes.eml.draft.tmp"];
        foreach (var name in kept)
        {
            await File.WriteAllTextAsync(Path.Combine(outbox, name), "keep", TestContext.Current.CancellationToken);
        }

        var logs = new CapturingLoggerProvider { MinimumLevel = LogLevel.Warning };
        harness.ConfigureServices = services => services.AddSingleton<ILoggerProvider>(logs);

        await harness.RunOnceAsync();

        Assert.Equal(kept.Order(StringComparer.Ordinal), Directory.GetFiles(outbox).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var removed = logs.Entries.Where(e => e.EventId.Id == 4006).Select(e => e.Message).ToList();
        Assert.Equal(2, removed.Count);
        Assert.All(cutOff, name => Assert.Contains(removed, m => m.Contains(Path.Combine(outbox, name), StringComparison.Ordinal)));
    }
}
