using System.Diagnostics;
using NewsWatcher.Tests.Infrastructure;
using NewsWatcher.Testing;

namespace NewsWatcher.Tests.Parsing;

/// <summary>
/// Runs scripts/compare-feedparser.py: Python feedparser (the most lenient widely used parser) and
/// <c>newswatcher feeds parse</c> over the whole feed corpus. NewsWatcher must recover at least as many real items on every file.
/// </summary>
public sealed class FeedparserComparisonTests
{
    [Fact]
    public async Task CompareScript_WholeCorpus_NewsWatcherRecoversAtLeastAsManyItemsOnEveryFile()
    {
        var corpus = Corpus.Require("feeds");
        var python = FindPythonWithFeedparser();
        if (python is null)
        {
            Assert.Skip("Python feedparser is not installed (Debian: apt-get install -y python3-feedparser); .ci/run installs it.");
        }

        var script = Path.Combine(Corpus.RepositoryRoot, "scripts", "compare-feedparser.py");
        var (exit, stdout, stderr) = await RunAsync(python, script, corpus, "--newswatcher", $"dotnet \"{CliProcess.AppAssembly}\"");
        TestContext.Current.TestOutputHelper?.WriteLine(stdout);

        Assert.True(exit is 0 or 1, $"exit {exit}: {stderr}");
        var rows = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split('\t')).ToList();
        var files = rows.Where(r => r[0] != "total").ToList();
        Assert.True(files.Count >= 100, $"only {files.Count} files compared");
        foreach (var row in files)
        {
            Assert.True(int.Parse(row[2], System.Globalization.CultureInfo.InvariantCulture) >= int.Parse(row[1], System.Globalization.CultureInfo.InvariantCulture), $"{row[0]}: feedparser {row[1]} items, NewsWatcher {row[2]}");
        }

        foreach (var hostile in (string[])["malformed/dx-xmlbomb.xml", "malformed/dx-quadratic.xml", "malformed/dx-external.xml", "malformed/nfp-notafeed.html", "malformed/gf-empty_feed.xml"])
        {
            Assert.Equal("rejected", files.Single(r => r[0] == hostile)[3]);
        }

        Assert.Equal(0, exit);
    }

    private static string? FindPythonWithFeedparser()
    {
        foreach (var candidate in (string[])["/usr/bin/python3", "python3"])
        {
            try
            {
                using var process = Process.Start(new ProcessStartInfo(candidate, ["-c", "import feedparser"]) { RedirectStandardError = true, UseShellExecute = false });
                process!.WaitForExit();
                if (process.ExitCode == 0)
                {
                    return candidate;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not installed under this name: try the next.
            }
        }

        return null;
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await stdout, await stderr);
    }
}
