using System.CommandLine;
using Microsoft.Extensions.Configuration;
using NewsWatcher.Cli;
using NewsWatcher.Core.Delivery;
using NewsWatcher.Hosting;
using NewsWatcher.Testing;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Cli;

/// <summary>The command line in-process: generated help, typed options, rejected input, settings overrides.</summary>
public sealed class NewsWatcherRootCommandTests : IDisposable
{
    private readonly string _work = TempDirectory.Create("root-command");

    /// <summary>Every verb with the options its help must list, and whether it takes --Section:Key=value settings.</summary>
    public static TheoryData<string, string[], bool> Verbs => new()
    {
        { "", ["--config", "--help", "--version"], true },
        { "run", ["--config", "--help"], true },
        { "once", ["--config", "--help"], true },
        { "check", ["--config", "--help"], true },
        { "rules", ["--config", "--help", "test", "eval", "replay"], false },
        { "rules test", ["--text <HEADLINE>", "--summary <TEXT>", "--feed <FILE|URL>", "--watches <FILE>", "--stages <FILE>", "--config <DIR>"], false },
        { "rules eval", ["--input <FILE.tsv>", "--confusion", "--watches <FILE>", "--stages <FILE>", "--config <DIR>"], false },
        { "rules replay", ["--input <FILE.tsv>", "--threads", "--watches <FILE>", "--stages <FILE>", "--config <DIR>"], false },
        { "feeds", ["--config", "--help", "parse"], true },
        { "feeds parse", ["<PATH>", "--help"], false },
        { "preview", ["--out <DIR>", "--channel <webhook|slack|telegram|ntfy|discord>", "--config <DIR>"], true },
        { "health", ["--config", "--help"], true },
        { "help", ["<VERB>", "--help"], false },
    };

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task Help_EachVerb_ListsItsOptionsAndSettingsWhereTaken(string verb, string[] options, bool readsSettings)
    {
        var result = await InvokeAsync([.. Words(verb), "--help"]);

        Assert.Equal(0, result.Exit);
        Assert.Contains($"Usage:\n  newswatcher {(verb.Length == 0 ? "" : verb + " ")}", result.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.All(options, option => Assert.Contains(option, result.Out, StringComparison.Ordinal));
        Assert.Equal(readsSettings, result.Out.Contains("--Section:Key=value", StringComparison.Ordinal));
        Assert.Empty(result.Err);
    }

    [Fact]
    public void Verbs_EveryCommandInTheTree_HasAHelpRow()
    {
        var root = new NewsWatcherRootCommand(new CliContext(TextWriter.Null, TextWriter.Null, TimeProvider.System));

        var paths = Paths(root, "").ToList();

        Assert.Equal(Verbs.Select(row => row.Data.Item1).Where(v => v.Length > 0).Order(StringComparer.Ordinal), paths.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Help_AsVerb_PrintsTheNamedVerbsHelp()
    {
        var result = await InvokeAsync("help", "rules", "eval");

        Assert.Equal(0, result.Exit);
        Assert.Contains("newswatcher rules eval [options]", result.Out, StringComparison.Ordinal);
        Assert.Contains("--confusion", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_AsVerbWithUnknownVerb_ExitsTwoWithSuggestion()
    {
        var result = await InvokeAsync("help", "rules", "tset");

        Assert.Equal(2, result.Exit);
        Assert.Contains("no verb 'tset' under 'rules' (did you mean 'test'?)", result.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("once --feeds x", "once: unknown option '--feeds' (did you mean the command 'feeds'?)")]
    [InlineData("check --confg dir", "check: unknown option '--confg' (did you mean '--config'?)")]
    [InlineData("rules eval --input in.tsv --confuson", "rules eval: unknown option '--confuson' (did you mean '--confusion'?)")]
    [InlineData("rules test --txt x", "rules test: unknown option '--txt' (did you mean '--text'?)")]
    [InlineData("preview --ot dir", "preview: unknown option '--ot' (did you mean '--out'?)")]
    [InlineData("feeds parse --tsv feeds", "feeds parse: unknown option '--tsv'; the options are --help, --config")]
    [InlineData("health --zzz", "health: unknown option '--zzz'; the options are --help, --config")]
    [InlineData("chek", "unknown command 'chek' (did you mean 'check'?)")]
    [InlineData("rules tset --text x", "rules: unknown command 'tset' (did you mean 'test'?)")]
    [InlineData("check now", "check: unexpected argument 'now'")]
    [InlineData("once --Smtp:Host relay", "once: unknown option '--Smtp:Host': a setting is given as --Smtp:Host=VALUE")]
    [InlineData("check --Smtp:Hots=relay", "unknown setting 'Smtp:Hots' (did you mean 'Smtp:Host'?): --Smtp:Hots=relay")]
    [InlineData("--Smpt:Host=relay check", "unknown settings section 'Smpt' (did you mean 'Smtp'?): --Smpt:Host=relay")]
    [InlineData("rules test --text x --Smtp:Host=relay", "rules test reads no settings: --Smtp:Host=relay")]
    [InlineData("preview --channel email", "--channel 'email' must be webhook, slack, telegram, ntfy or discord")]
    [InlineData("preview --channel slak", "--channel 'slak' must be webhook, slack, telegram, ntfy or discord (did you mean 'slack'?)")]
    public async Task Invoke_UnknownOrMistypedInput_ExitsTwoNamingItWithTheVerbsHelp(string args, string message)
    {
        var result = await InvokeAsync(args.Split(' '));

        Assert.Equal(2, result.Exit);
        Assert.Contains($"error: {message}", result.Err, StringComparison.Ordinal);
        Assert.Contains("Usage:", result.Err, StringComparison.Ordinal);
        Assert.Empty(result.Out);
    }

    [Fact]
    public void Parse_RulesTest_TypedOptions()
    {
        var parse = Parse("rules", "test", "--text", "Truce holds", "--summary", "Both sides", "--watches", "w.yaml", "--stages=s.yaml", "-c", "cfg");

        Assert.Empty(parse.Errors);
        Assert.Equal("test", parse.CommandResult.Command.Name);
        Assert.Equal("Truce holds", parse.GetValue<string>("--text"));
        Assert.Equal("Both sides", parse.GetValue<string>("--summary"));
        Assert.Equal(Path.GetFullPath("w.yaml"), parse.GetValue<FileInfo>("--watches")!.FullName);
        Assert.Equal("s.yaml", parse.GetValue<FileInfo>("--stages")!.ToString());
        Assert.Equal("cfg", parse.GetValue<string>("--config"));
    }

    [Fact]
    public void Parse_RulesEval_TypedOptions()
    {
        var parse = Parse("--config", "cfg", "rules", "eval", "--input", "dev.tsv", "--confusion");

        Assert.Empty(parse.Errors);
        Assert.Equal("dev.tsv", parse.GetValue<FileInfo>("--input")!.ToString());
        Assert.True(parse.GetValue<bool>("--confusion"));
        Assert.Equal("cfg", parse.GetValue<string>("--config"));
        Assert.False(Parse("rules", "eval", "--input", "dev.tsv").GetValue<bool>("--confusion"));
    }

    [Fact]
    public void Parse_Preview_TypedOptionsAndDefaults()
    {
        var chosen = Parse("preview", "--out", "shots", "--channel", "Slack");
        var defaults = Parse("preview");

        Assert.Empty(chosen.Errors);
        Assert.Equal(Path.GetFullPath("shots"), chosen.GetValue<DirectoryInfo>("--out")!.FullName);
        Assert.Equal(SlackChannel.Instance, chosen.GetValue<ChannelKind?>("--channel"));
        Assert.Equal(Path.GetFullPath("preview"), defaults.GetValue<DirectoryInfo>("--out")!.FullName);
        Assert.Null(defaults.GetValue<ChannelKind?>("--channel"));
        Assert.Equal(NtfyChannel.Instance, Parse("preview", "--channel=ntfy").GetValue<ChannelKind?>("--channel"));
    }

    [Fact]
    public void Parse_FeedsParse_TakesEveryPath()
    {
        var parse = Parse("feeds", "parse", "a.xml", "folder", "b.rss");

        Assert.Empty(parse.Errors);
        Assert.Equal(["a.xml", "folder", "b.rss"], parse.GetValue<string[]>("PATH")!);
    }

    [Theory]
    [InlineData("once")]
    [InlineData("check")]
    [InlineData("run")]
    [InlineData("feeds")]
    [InlineData("health")]
    public void Parse_VerbsWithoutOptionsOfTheirOwn_TakeConfigBeforeOrAfter(string verb)
    {
        Assert.Equal("before", Parse("--config", "before", verb).GetValue<string>("--config"));
        Assert.Equal("after", Parse(verb, "-c", "after").GetValue<string>("--config"));
        Assert.Equal("joined", Parse(verb, "--config=joined").GetValue<string>("--config"));
        Assert.Equal(verb, Parse(verb).CommandResult.Command.Name);
    }

    [Fact]
    public void Parse_NoVerb_RunsTheWorker()
    {
        var root = new NewsWatcherRootCommand(new CliContext(TextWriter.Null, TextWriter.Null, TimeProvider.System));

        var parse = root.ParseArguments(["--Http:Port=0"]);

        Assert.Empty(parse.Errors);
        Assert.Same(root.Subcommands.Single(c => c.Name == "run").Action, parse.Action);
    }

    [Fact]
    public void Parse_SettingOverrides_ReachTheConfigurationAnywhereOnTheLine()
    {
        var parse = Parse("--Smtp:Host=relay.example.org", "once", "--Scheduling:Database=Host=db;Password=p=q", "--Logging:LogLevel:Quartz=Warning");

        Assert.Empty(parse.Errors);
        var run = VerbRun.From(parse, ((NewsWatcherRootCommand)parse.RootCommandResult.Command).Global, new CliContext(TextWriter.Null, TextWriter.Null, TimeProvider.System));
        var configuration = NewsWatcherHost.AddSettingsSources(new ConfigurationBuilder(), _work, "Production", run.ConfigurationArgs).Build();
        Assert.Equal("relay.example.org", configuration["Smtp:Host"]);
        Assert.Equal("Host=db;Password=p=q", configuration["Scheduling:Database"]);
        Assert.Equal("Warning", configuration["Logging:LogLevel:Quartz"]);
    }

    [Fact]
    public async Task Invoke_CheckWithSettingOverride_PrintsTheOverriddenValueAndTheDigestSection()
    {
        var config = Path.Combine(_work, "config");
        Directory.CreateDirectory(config);
        foreach (var file in Directory.GetFiles(Path.Combine(Corpus.RepositoryRoot, "config")))
        {
            File.Copy(file, Path.Combine(config, Path.GetFileName(file)));
        }

        var result = await InvokeAsync("check", "--config", config, "--Http:Port=9123", "--Digest:SubjectPrefix=[Desk]");

        Assert.True(result.Exit == 0, result.Err);
        Assert.Contains("  Http:Port = 9123\n", result.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("  Digest:SubjectPrefix = [Desk]\n", result.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("  Digest:RetryInitialDelay = ", result.Out, StringComparison.Ordinal);
        Assert.Contains("  Host:ShutdownTimeout = ", result.Out, StringComparison.Ordinal);
        Assert.EndsWith("configuration OK\n", result.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_SettingAfterDoubleDash_IsNotASetting()
    {
        var result = await InvokeAsync("check", "--", "--Smtp:Host=relay");

        Assert.Equal(2, result.Exit);
        Assert.Contains("check: unknown option '--Smtp:Host=relay'", result.Err, StringComparison.Ordinal);
    }

    public void Dispose() => TempDirectory.DeleteQuietly(_work);

    private static string[] Words(string verb) => verb.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static IEnumerable<string> Paths(Command command, string prefix) =>
        command.Subcommands.SelectMany(sub =>
        {
            var path = prefix.Length == 0 ? sub.Name : $"{prefix} {sub.Name}";
            return Paths(sub, path).Prepend(path);
        });

    private static ParseResult Parse(params string[] args) =>
        new NewsWatcherRootCommand(new CliContext(TextWriter.Null, TextWriter.Null, TimeProvider.System)).ParseArguments(args);

    private static async Task<(int Exit, string Out, string Err)> InvokeAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var root = new NewsWatcherRootCommand(new CliContext(output, error, TimeProvider.System));
        var exit = await root.InvokeAsync(args, TestContext.Current.CancellationToken);
        return (exit, output.ToString(), error.ToString());
    }
}
