using System.CommandLine;
using System.CommandLine.Help;

namespace NewsWatcher.Cli;

/// <summary>
/// The <c>newswatcher</c> command line: one class per verb, the worker (<c>run</c>) when no verb is given, generated
/// help, and unknown input rejected with exit code 2 and the closest known spelling.
/// </summary>
internal sealed class NewsWatcherRootCommand : Command
{
    /// <summary>The name help and errors use, whatever the executable is called (NewsWatcher.dll, a test host).</summary>
    public const string ExecutableName = "newswatcher";

    /// <summary>No response files (<c>@file</c>): a headline may start with '@'.</summary>
    private static readonly ParserConfiguration Parsing = new() { ResponseFileTokenReplacer = null };

    private readonly CliContext _context;

    public NewsWatcherRootCommand(CliContext context)
        : base(ExecutableName, "NewsWatcher watches news feeds for cease-fire developments and emails the people who need to know.")
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        Options.Add(new HelpOption { Action = new HelpWithSettingsAction() });
        Options.Add(new VersionOption());
        Options.Add(Global.Config);
        Options.Add(Global.Settings);
        Global.Settings.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (SettingsSections.Problem(SettingOverrides.Split(token.Value).Key) is { } problem)
                {
                    result.AddError($"{problem}: --{token.Value}");
                }
            }
        });
        var run = new RunCommand(Global, context);
        Subcommands.Add(run);
        Subcommands.Add(new OnceCommand(Global, context));
        Subcommands.Add(new CheckCommand(Global, context));
        Subcommands.Add(new RulesCommand(Global, context));
        Subcommands.Add(new FeedsCommand(Global, context));
        Subcommands.Add(new PreviewCommand(Global, context));
        Subcommands.Add(new HealthCommand(Global, context));
        Subcommands.Add(new HelpCommand(Global, context));
        Action = run.Action;
    }

    internal GlobalOptions Global { get; } = new();

    /// <summary>Parses <paramref name="args"/> as typed, <c>--Section:Key=value</c> settings included.</summary>
    public ParseResult ParseArguments(IReadOnlyList<string> args) => Parse(SettingOverrides.Rewrite(args), Parsing);

    /// <summary>Runs the verb <paramref name="args"/> name; returns the exit code (2 for a command line with mistakes).</summary>
    public async Task<int> InvokeAsync(IReadOnlyList<string> args, CancellationToken cancellationToken = default)
    {
        var parse = ParseArguments(args);
        if (parse.Action is not HelpWithSettingsAction && UsageErrors.Find(parse, Global) is { Count: > 0 } problems)
        {
            return UsageErrors.Report(this, parse, problems, _context.Error);
        }

        return await parse.InvokeAsync(Invocation(_context.Output, _context.Error), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the help of the verb at <paramref name="path"/> (empty: the root's).</summary>
    internal void WriteHelp(IEnumerable<string> path, TextWriter output) =>
        Parse([.. path, "--help"], Parsing).Invoke(Invocation(output, output));

    // The worker handles SIGTERM and Ctrl+C itself (graceful shutdown); the parser must not race it with its own.
    private static InvocationConfiguration Invocation(TextWriter output, TextWriter error) =>
        new() { Output = output, Error = error, ProcessTerminationTimeout = null };
}
