using NewsWatcher.Tests.Infrastructure;
using NewsWatcher.Testing;

namespace NewsWatcher.Tests.Cli;

/// <summary><c>newswatcher feeds parse</c> and <c>newswatcher feeds</c>, run as a user runs them.</summary>
public sealed class FeedsCommandTests : IDisposable
{
    private readonly string _work = TempDirectory.Create("feeds-cli");

    [Fact]
    public async Task FeedsParse_CorpusFolderAndFile_PrintsTsvRowPerFileAndTotals()
    {
        var malformed = Corpus.Require("feeds/malformed");
        var guardian = Corpus.Require("feeds/news/rp-guardian.rss");

        var result = await CliProcess.RunAsync(_work, "feeds", "parse", malformed, guardian);

        Assert.True(result.ExitCode == 0, result.Stderr);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("path\titems\tstatus\tdetail", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split('\t')).ToDictionary(r => Path.GetFileName(r[0]), StringComparer.Ordinal);
        Assert.Equal(Directory.GetFiles(malformed).Length + 1, rows.Count);
        Assert.Equal(["55", "ok", ""], rows["rp-guardian.rss"][1..]);
        Assert.Equal(["54", "recovered", "HTML entities and bare '&' escaped"], rows["fd-rss_theguardian.xml"][1..]);
        Assert.Equal(["0", "rejected", "not a feed: root element <html>"], rows["nfp-notafeed.html"][1..]);
        Assert.Matches(@"^total: \d+ files, \d+ items; \d+ ok, \d+ recovered, \d+ rejected", result.Stderr);
    }

    [Fact]
    public async Task FeedsParse_MissingPath_ExitsTwo()
    {
        var result = await CliProcess.RunAsync(_work, "feeds", "parse", Path.Combine(_work, "nope.xml"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no such file or folder", result.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => TempDirectory.DeleteQuietly(_work);
}
