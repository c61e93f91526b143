using System.CommandLine;

namespace NewsWatcher.Cli;

/// <summary><c>rules test --text "…" | --feed FILE|URL</c>: which watches an article matches, its stage, and why.</summary>
internal sealed class RulesTestCommand : VerbCommand
{
    private readonly Option<string> _text = new("--text") { Description = "A headline to test", HelpName = "HEADLINE" };
    private readonly Option<string> _summary = new("--summary") { Description = "The article's summary, with --text", HelpName = "TEXT" };
    private readonly Option<string> _feed = new("--feed")
    {
        Description = "A feed file (or one in the config folder) or an http(s) URL: every article in it that matches",
        HelpName = "FILE|URL",
    };

    private readonly Option<FileInfo> _watches = RulesCommand.WatchesOption();
    private readonly Option<FileInfo> _stages = RulesCommand.StagesOption();

    public RulesTestCommand(GlobalOptions global, CliContext context)
        : base("test", "Show each article that matches: its stage (the cue and terms that decided it, the runners-up it beat), its watches, categories and the matched terms in [brackets].", global, context, readsSettings: false)
    {
        Options.Add(_text);
        Options.Add(_summary);
        Options.Add(_feed);
        Options.Add(_watches);
        Options.Add(_stages);
        Validators.Add(result =>
        {
            if ((result.GetResult(_text) is null) == (result.GetResult(_feed) is null))
            {
                result.AddError("rules test needs either --text or --feed");
            }
        });
        SetAction(async (parse, cancellationToken) =>
        {
            var run = Start(parse);
            if (await RulesCommand.LoadAsync(run.ConfigDirectory, parse.GetValue(_watches), parse.GetValue(_stages), context.Error, cancellationToken).ConfigureAwait(false) is not { } rules)
            {
                return ExitCodes.Invalid;
            }

            return parse.GetValue(_text) is { } text
                ? await RulesTest.RunTextAsync(rules.Watches, rules.Stages, text, parse.GetValue(_summary) ?? string.Empty, context.Output).ConfigureAwait(false)
                : await RulesTest.RunFeedAsync(rules.Watches, rules.Stages, parse.GetRequiredValue(_feed), run.ConfigDirectory, context.Output, context.Error, context.Time, cancellationToken).ConfigureAwait(false);
        });
    }
}
