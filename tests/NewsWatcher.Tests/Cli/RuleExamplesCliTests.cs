using NewsWatcher.Tests.Infrastructure;
using NewsWatcher.Testing;

namespace NewsWatcher.Tests.Cli;

/// <summary>The editors' <c>examples:</c> as the command line runs them: <c>check</c> fails on one that no longer holds, <c>rules</c> warns.</summary>
public sealed class RuleExamplesCliTests : IDisposable
{
    private readonly string _work = TempDirectory.Create("examples-cli");
    private readonly string _config;

    public RuleExamplesCliTests()
    {
        _config = Path.Combine(_work, "config");
        Directory.CreateDirectory(_config);
        foreach (var file in Directory.GetFiles(Path.Combine(Corpus.RepositoryRoot, "config")))
        {
            File.Copy(file, Path.Combine(_config, Path.GetFileName(file)));
        }
    }

    public void Dispose() => TempDirectory.DeleteQuietly(_work);

    [Fact]
    public async Task Check_ShippedExamples_AllHold()
    {
        var result = await CliProcess.RunAsync(_work, "check");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Matches(@"\n  examples: \d+, all hold\n", result.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Check_ExamplesNoLongerHold_ExitsTwoNamingFileLineAndWhatEachGot()
    {
        var watchesLine = AppendExample("watches.yaml", "  - {text: \"US and China extend tariff truce\", matches: [ceasefire]}");
        var stagesLine = AppendExample("stages.yaml", "  - {text: \"Kremlin rejects US-proposed 30-day cease-fire\", stage: acceptance, actor: Russia}");

        var result = await CliProcess.RunAsync(_work, "check");

        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}: {result.Stderr}");
        Assert.Contains(
            $"error: config/watches.yaml:{watchesLine}: example \"US and China extend tariff truce\" should match ceasefire; got: no match",
            result.Stderr,
            StringComparison.Ordinal);
        Assert.Contains(
            $"error: config/stages.yaml:{stagesLine}: example \"Kremlin rejects US-proposed 30-day cease-fire\" should be acceptance — Russia; got: rejection — Russia (rule ",
            result.Stderr,
            StringComparison.Ordinal);
        Assert.Contains("2 do not hold", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("configuration OK", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_ExampleWrittenWrong_ExitsTwoNamingFileAndLine()
    {
        var line = AppendExample("stages.yaml", "  - {text: \"Truce holds\", stage: holding}");

        var result = await CliProcess.RunAsync(_work, "check");

        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}: {result.Stderr}");
        Assert.Contains($"error: config/stages.yaml:{line}: example \"Truce holds\": stage 'holding' is not one of ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RulesTest_ExampleNoLongerHolds_WarnsAndStillAnswers()
    {
        var line = AppendExample("watches.yaml", "  - {text: \"Kremlin rejects US-proposed 30-day cease-fire\", matches: none}");

        var result = await CliProcess.RunAsync(_work, "rules", "test", "--text", "Hamas accepts Gaza ceasefire proposal");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.StartsWith($"warning: config/watches.yaml:{line}: example \"Kremlin rejects US-proposed 30-day cease-fire\" should match no watch; got: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("acceptance", result.Stdout, StringComparison.Ordinal);
    }

    /// <returns>The line the example is on.</returns>
    private int AppendExample(string file, string example)
    {
        var path = Path.Combine(_config, file);
        var lines = File.ReadAllLines(path).ToList();
        Assert.Contains("examples:", lines);
        lines.Add(example);
        File.WriteAllLines(path, lines);
        return lines.Count;
    }
}
