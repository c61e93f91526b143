using System.Diagnostics;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Cli;

/// <summary>
/// A command opening the embedded store while a worker runs on the same data folder is refused with the worker's pid,
/// instead of starting a second Garnet server over the same files; once the worker stops, the folder is free.
/// </summary>
public sealed class DataFolderInUseTests : IDisposable
{
    private readonly string _work = TempDirectory.Create("data-in-use");

    public DataFolderInUseTests()
    {
        var config = Path.Combine(_work, "config");
        Directory.CreateDirectory(config);
        File.WriteAllText(Path.Combine(_work, "wire.xml"), "<rss version=\"2.0\"><channel><title>Wire</title></channel></rss>");
        File.WriteAllText(Path.Combine(config, "feeds.yaml"), $"feeds:\n  - id: wire\n    url: {Path.Combine(_work, "wire.xml")}\n    interval: 1h\n");
        File.WriteAllText(Path.Combine(config, "watches.yaml"), "watches:\n  - id: truce\n    name: Truce\n    category: other\n    any: [truce]\n");
        File.WriteAllText(Path.Combine(config, "subscribers.yaml"), "subscribers: []\n");
    }

    [Fact]
    public async Task Feeds_WhileTheWorkerRunsOnTheSameDataFolder_ExitsTwoNamingTheWorkersPid()
    {
        var token = TestContext.Current.CancellationToken;
        var start = CliProcess.StartInfo(CliProcess.AppAssembly, _work, ["run", "--Http:Port=0"]);
        using var worker = new AppProcess(Process.Start(start)!);
        await worker.WaitForOutputAsync("Application started", TimeSpan.FromMinutes(2), token);

        var refused = await CliProcess.RunAsync(_work, "feeds");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains($"error: the data folder {Path.Combine(Path.GetFullPath(_work), "data")} is in use by pid {worker.Id}", refused.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", refused.Stderr, StringComparison.Ordinal);
        Assert.False(worker.HasExited);

        await worker.TerminateAsync();
        var exit = await worker.WaitForExitAsync(TimeSpan.FromMinutes(2));
        Assert.True(exit == 0, worker.Output);
        var after = await CliProcess.RunAsync(_work, "feeds");

        Assert.True(after.ExitCode == 0, after.Stderr);
        Assert.Contains("wire", after.Stdout, StringComparison.Ordinal);
    }

    public void Dispose() => TempDirectory.DeleteQuietly(_work);
}
