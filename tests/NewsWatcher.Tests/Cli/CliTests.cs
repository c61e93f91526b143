using NewsWatcher.Tests.Infrastructure;
using NewsWatcher.Testing;

namespace NewsWatcher.Tests.Cli;

/// <summary>The command line as a user runs it: the real executable in its own process.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _work = TempDirectory.Create("cli");

    public CliTests()
    {
        CopyShippedConfig(Path.Combine(_work, "config"));
    }

    [Fact]
    public async Task Check_ShippedConfig_ExitsZeroAndMasksSecrets()
    {
        var result = await CliProcess.RunAsync(_work, "check", "--Smtp:User=ops", "--Smtp:Password=hunter2-secret", "--Storage:Configuration=redis:6379,password=redis-secret");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("configuration OK", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Smtp:Password = ****", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("redis-secret", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_BrokenWatchesFile_ExitsTwoNamingFileAndLine()
    {
        File.WriteAllText(Path.Combine(_work, "config", "watches.yaml"), """
            watches:
              - id: truce-accepted
                name: Truce accepted
                category: acceptance
                any: []
            """);

        var result = await CliProcess.RunAsync(_work, "check");

        Assert.Equal(2, result.ExitCode);
        Assert.Matches(@"config/watches\.yaml:\d+(:\d+)?: .*truce-accepted", result.Stderr);
    }

    [Fact]
    public async Task Check_InvalidSetting_ExitsTwoNamingTheKey()
    {
        var result = await CliProcess.RunAsync(_work, "check", "--Smtp:Port=0");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Port", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnknownCommand_ExitsTwoWithUsage()
    {
        var result = await CliProcess.RunAsync(_work, "frobnicate");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown command 'frobnicate'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Usage:", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Once_MistypedOption_ExitsTwoSuggestingBeforeDoingAnything()
    {
        var result = await CliProcess.RunAsync(_work, "once", "--feeds", "x");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: once: unknown option '--feeds' (did you mean the command 'feeds'?)", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Usage:\n  newswatcher once [options]", result.Stderr.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_work, "data")), "a rejected command line must not start the store");
        Assert.False(Directory.Exists(Path.Combine(_work, "outbox")), "a rejected command line must not send");
    }

    [Fact]
    public async Task Once_EmbeddedDefaultsWithLocalFeed_WritesDigestToOutbox()
    {
        var config = Path.Combine(_work, "config");
        File.WriteAllText(Path.Combine(config, "sample.xml"), """
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0"><channel><title>Sample</title><link>https://news.example.org/</link><description>d</description>
            <item><guid>s1</guid><title>Russia and Ukraine agree to a 30-day ceasefire</title><link>https://news.example.org/s1</link><pubDate>Tue, 24 Nov 2026 09:00:00 GMT</pubDate></item>
            <item><guid>s2</guid><title>Local bakery wins award</title><link>https://news.example.org/s2</link><pubDate>Tue, 24 Nov 2026 09:05:00 GMT</pubDate></item>
            </channel></rss>
            """);
        File.WriteAllText(Path.Combine(config, "feeds.yaml"), "feeds:\n  - id: sample\n    url: sample.xml\n    name: Sample Wire\n");

        var first = await CliProcess.RunAsync(_work, "once");
        var second = await CliProcess.RunAsync(_work, "once");

        Assert.True(first.ExitCode == 0, first.Stderr + first.Stdout);
        Assert.True(second.ExitCode == 0, second.Stderr + second.Stdout);
        Assert.True(Directory.Exists(Path.Combine(_work, "data")), "the embedded store keeps its data in ./data");
        var eml = Assert.Single(Directory.GetFiles(Path.Combine(_work, "outbox"), "*.eml"));
        var message = await MimeKit.MimeMessage.LoadAsync(eml, TestContext.Current.CancellationToken);
        Assert.Contains("Russia and Ukraine agree to a 30-day ceasefire", message.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("bakery", message.TextBody, StringComparison.Ordinal);

        // stdout is the summary alone (a cron mail, a pipe); the logs go to stderr.
        var summary = first.Stdout.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("feed sample: ok, 2 articles, 2 new", summary[0]);
        Assert.All(summary.Skip(1), line => Assert.StartsWith("subscriber ", line, StringComparison.Ordinal));
        Assert.Contains("info: ", first.Stderr, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        TempDirectory.DeleteQuietly(_work);
    }

    private static void CopyShippedConfig(string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(Path.Combine(Corpus.RepositoryRoot, "config")))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
    }
}
