using System.Diagnostics;
using System.Globalization;
using System.Text;
using MimeKit;
using NewsWatcher.Core.Parsing;
using NewsWatcher.Testing;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Polling;

/// <summary>
/// The worst item a feed under <c>Fetch:MaxBytes</c> can carry, through the whole pipeline (fetch, parse, match, dedup
/// and enqueue, compose, render, outbox) in the real executable, under a memory ceiling: the child's peak resident set
/// as the kernel counts it (GNU time's maximum RSS, from wait4), not a sample.
/// </summary>
public sealed class OversizedItemMemoryTests : IDisposable
{
    /// <summary>Generous: the process needs about 150 MB to run <c>once</c> at all; before the field caps a 3 MB title took 2.9 GB.</summary>
    private const long CeilingBytes = 400L * 1024 * 1024;

    private const string TimeBinary = "/usr/bin/time";
    private const string Lead = "Kremlin rejects US-proposed 30-day cease-fire ";
    private const string PlantedAlert = "Russia and Ukraine agree to a 30-day ceasefire, Kremlin says";

    private readonly string _work = TempDirectory.Create("oversized");

    [Theory]
    [InlineData(0)] // a normal headline: what the same run needs anyway
    [InlineData(242_000)] // a 3.1 MB title
    [InlineData(761_000)] // a 9.9 MB title, just under the default Fetch:MaxBytes
    public async Task Once_OneItemWithAMegabyteTitle_RunsUnderTheMemoryCeilingAndDeliversTheOtherFeedsAlert(int repeats)
    {
        if (!File.Exists(TimeBinary))
        {
            Assert.Skip($"{TimeBinary} (GNU time) is not installed (apt-get install time); it reports the child's peak RSS.");
        }

        await using var server = await TestFeedServer.StartAsync();
        var bloat = server.Serve("/bloat.xml", Rss(("bloat-1", Lead + string.Concat(Enumerable.Repeat("truce Russia ", repeats)))));
        var wire = server.Serve("/wire.xml", Rss(("wire-1", PlantedAlert)));
        var config = Path.Combine(_work, "config");
        Directory.CreateDirectory(config);
        foreach (var file in (string[])["watches.yaml", "subscribers.yaml"])
        {
            File.Copy(Path.Combine(Corpus.RepositoryRoot, "config", file), Path.Combine(config, file));
        }

        File.WriteAllText(Path.Combine(config, "feeds.yaml"), $"feeds:\n  - id: bloat\n    url: {bloat}\n  - id: wire\n    url: {wire}\n");
        var peakFile = Path.Combine(_work, "peak-rss-kb");

        var (exitCode, output) = await RunUnderTimeAsync(peakFile, "once");

        Assert.True(exitCode == 0, output);
        var peak = long.Parse(File.ReadAllLines(peakFile).Last(l => l.Length > 0).Trim(), CultureInfo.InvariantCulture) * 1024;
        var figure = string.Create(CultureInfo.InvariantCulture, $"title of {(Lead.Length + (13L * repeats)) / 1e6:0.0} MB: peak RSS {peak / (1024.0 * 1024):0} MB");
        TestContext.Current.TestOutputHelper?.WriteLine(figure);
        Assert.True(peak < CeilingBytes, figure);

        var messages = new List<(MimeMessage Message, long Size)>();
        foreach (var eml in Directory.GetFiles(Path.Combine(_work, "outbox"), "*.eml"))
        {
            messages.Add((await MimeMessage.LoadAsync(eml, TestContext.Current.CancellationToken), new FileInfo(eml).Length));
        }

        Assert.Contains(messages, m => Text(m.Message).Contains(PlantedAlert, StringComparison.Ordinal));
        var withBloat = Assert.Single(messages, m => Text(m.Message).Contains(Lead.Trim(), StringComparison.Ordinal));
        Assert.True(withBloat.Size < 256 * 1024, $"the message carrying the cut item is {withBloat.Size} bytes");
        Assert.DoesNotContain(string.Concat(Enumerable.Repeat("truce Russia ", (FeedParser.MaxTitleLength / 13) + 1)), Text(withBloat.Message), StringComparison.Ordinal);
    }

    public void Dispose() => TempDirectory.DeleteQuietly(_work);

    private static string Text(MimeMessage message) => message.TextBody ?? string.Empty;

    private async Task<(int ExitCode, string Output)> RunUnderTimeAsync(string peakFile, params string[] args)
    {
        var start = CliProcess.StartInfo(CliProcess.AppAssembly, _work, args);
        // GNU time runs the same command and writes the child's maximum resident set size (KB) to peakFile.
        var command = new[] { "-f", "%M", "-o", peakFile, start.FileName }.Concat(start.ArgumentList).ToList();
        start.FileName = TimeBinary;
        start.ArgumentList.Clear();
        foreach (var arg in command)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"newswatcher {string.Join(' ', args)} did not exit within 5 minutes");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    private static byte[] Rss(params (string Guid, string Title)[] items)
    {
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>t</title><link>https://news.example.org/</link>");
        foreach (var (guid, title) in items)
        {
            xml.Append(CultureInfo.InvariantCulture, $"<item><guid>{guid}</guid><title>{title}</title><link>https://news.example.org/{guid}</link><pubDate>Tue, 24 Nov 2026 09:00:00 GMT</pubDate></item>");
        }

        return Encoding.UTF8.GetBytes(xml.Append("</channel></rss>").ToString());
    }
}
