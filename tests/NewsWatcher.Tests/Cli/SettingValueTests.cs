using NewsWatcher.Tests.Infrastructure;
using NewsWatcher.Testing;

namespace NewsWatcher.Tests.Cli;

/// <summary>
/// A setting value its option cannot take, from the command line or the environment: exit 2 with the key, the value
/// and how to write it, never an unhandled exception; range errors name the key, not the C# class.
/// </summary>
public sealed class SettingValueTests : IDisposable
{
    private readonly string _work = TempDirectory.Create("setting-values");

    public SettingValueTests()
    {
        var config = Path.Combine(_work, "config");
        Directory.CreateDirectory(config);
        foreach (var file in Directory.GetFiles(Path.Combine(Corpus.RepositoryRoot, "config")))
        {
            File.Copy(file, Path.Combine(config, Path.GetFileName(file)));
        }
    }

    [Theory]
    [InlineData("--Fetch:Timeout=abc", "Fetch:Timeout = 'abc'", "not a duration")]
    [InlineData("--Smtp:Port=abc", "Smtp:Port = 'abc'", "not a whole number")]
    [InlineData("--Smtp:Security=tls", "Smtp:Security = 'tls'", "must be one of Auto, None, StartTls, SslOnConnect")]
    [InlineData("--Polling:DefaultInterval=5", "Polling:DefaultInterval = '5'", "a bare number is not a duration")]
    [InlineData("--Fetch:AllowFiles=yes", "Fetch:AllowFiles = 'yes'", "must be true or false")]
    public async Task Check_UnreadableValueOnTheCommandLine_ExitsTwoNamingKeyAndValue(string setting, string named, string why)
    {
        var result = await CliProcess.RunAsync(_work, "check", setting);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"error: settings: {named} (from the command line: {setting.Split('=')[0]}): {why}", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Once_UnreadableValueInTheEnvironment_ExitsTwoNamingTheVariable()
    {
        var result = await CliProcess.RunAsync(_work, new Dictionary<string, string> { ["Fetch__Timeout"] = "abc" }, "once");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Fetch:Timeout = 'abc' (from the environment variable Fetch__Timeout): not a duration", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:05")]
    [InlineData("2.00:00:00")] // the bound an interval in feeds.yaml has too
    public async Task Check_DurationOutOfRange_NamesTheSettingKeyNotTheClass(string interval)
    {
        var result = await CliProcess.RunAsync(_work, "check", $"--Polling:DefaultInterval={interval}");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: settings: Polling:DefaultInterval: must be between 00:01:00 and 1.00:00:00", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("PollingOptions", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_ShippedConfig_PrintsOnlySettingsThatCanBeSet()
    {
        var result = await CliProcess.RunAsync(_work, "check");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("Scheduling:Database = ", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Scheduling:Clustered", result.Stdout, StringComparison.Ordinal);
    }

    public void Dispose() => TempDirectory.DeleteQuietly(_work);
}
