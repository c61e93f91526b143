using NewsWatcher.Core.Matching;
using NewsWatcher.Testing;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Cli;

/// <summary>
/// <c>check</c> as a separate process on editor files built to exhaust the stack: it must exit 2 with the position,
/// not die (exit 134, SIGABRT) as it did before the nesting limits. A child process, so an overflow cannot take the test host.
/// </summary>
public sealed class CheckLimitsTests : IDisposable
{
    private readonly string _work = TempDirectory.Create("check-limits");
    private readonly string _config;

    public CheckLimitsTests()
    {
        _config = Path.Combine(_work, "config");
        Directory.CreateDirectory(_config);
        foreach (var file in Directory.GetFiles(Path.Combine(Corpus.RepositoryRoot, "config")))
        {
            File.Copy(file, Path.Combine(_config, Path.GetFileName(file)));
        }

        // The shipped subscribers follow every watch, so watches.yaml can be replaced by one watch.
        File.WriteAllText(Path.Combine(_config, "subscribers.yaml"), "subscribers:\n  - {email: desk@example.org, name: Desk, watches: [\"*\"], digest: hourly, timezone: UTC, immediate: false}\n");
    }

    public void Dispose() => TempDirectory.DeleteQuietly(_work);

    [Theory]
    [InlineData(4_500, "'(' nests the query more than 32 levels deep")]
    [InlineData(9_000, "characters long; at most 10,000 are allowed")]
    public async Task Check_DeeplyNestedQuery_ExitsTwoWithFileLineAndColumn(int depth, string expected)
    {
        File.WriteAllText(Path.Combine(_config, "watches.yaml"), Watches("query: " + new string('(', depth) + "truce" + new string(')', depth)));

        var result = await CliProcess.RunAsync(_work, "check");

        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}: {result.Stderr}");
        Assert.Matches($@"config/watches\.yaml:5:\d+: .*{System.Text.RegularExpressions.Regex.Escape(expected)}", result.Stderr);
    }

    [Fact]
    public async Task Check_DeeplyNestedYaml_ExitsTwoWithFileLineAndColumn()
    {
        File.WriteAllText(Path.Combine(_config, "watches.yaml"), Watches("any: " + new string('[', 100_000) + "truce" + new string(']', 100_000)));

        var result = await CliProcess.RunAsync(_work, "check");

        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}: {result.Stderr}");
        Assert.Contains("config/watches.yaml:5:39: lists and maps nest more than 32 levels deep", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_ListsInsideListsThousandsDeep_ExitsTwo()
    {
        var lists = string.Concat(Enumerable.Range(0, 5_000).Select(i => $"  l{i}: [w{i}, \"@l{i + 1}\"]\n")) + "  l5000: [truce]\n";
        File.WriteAllText(Path.Combine(_config, "watches.yaml"), "lists:\n" + lists + Watches("query: truce @l0"));

        var result = await CliProcess.RunAsync(_work, "check");

        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}: {result.Stderr}");
        Assert.Contains($"lists inside lists (@l0 → … → @l{QueryParser.MaxDepth}); at most {QueryParser.MaxDepth} levels are allowed", result.Stderr, StringComparison.Ordinal);
    }

    private static string Watches(string body) => "watches:\n  - id: deep\n    name: Deep\n    category: other\n    " + body + "\n";
}
