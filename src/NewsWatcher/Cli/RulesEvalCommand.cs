using System.CommandLine;

namespace NewsWatcher.Cli;

/// <summary><c>rules eval --input FILE.tsv</c>: the watches and stage cues over a labelled TSV, scored.</summary>
internal sealed class RulesEvalCommand : VerbCommand
{
    private readonly Option<FileInfo> _input = new("--input")
    {
        Description = "A TSV with a header row: id, title, description; optional label (1/0), category and outlet (an aggregator's, cut from the title's end)",
        HelpName = "FILE.tsv",
    };

    private readonly Option<bool> _confusion = new("--confusion")
    {
        Description = "Also print the confusion matrix of labelled against shown stage to stderr",
    };

    private readonly Option<bool> _byRule = new("--by-rule")
    {
        Description = "Also print, to stderr, how often each stage rule decided and each watch matched, and how often rightly (weakest first)",
    };

    private readonly Option<DirectoryInfo> _against = new("--against")
    {
        Description = "Also score the rules of another config folder (e.g. a copy saved before an edit) on the same rows, and list every row whose result differs",
        HelpName = "DIR",
    };

    private readonly Option<FileInfo> _watches = RulesCommand.WatchesOption();
    private readonly Option<FileInfo> _stages = RulesCommand.StagesOption();

    public RulesEvalCommand(GlobalOptions global, CliContext context)
        : base("eval", "Write \"id, matched, watches, categories, stage\" as TSV to stdout; precision/recall/F1 to stderr when labelled (with a category column also stage_acc and stage_macro_f1).", global, context, readsSettings: false)
    {
        Options.Add(_input);
        Options.Add(_confusion);
        Options.Add(_byRule);
        Options.Add(_against);
        Options.Add(_watches);
        Options.Add(_stages);
        Validators.Add(result =>
        {
            if (result.GetResult(_input) is null)
            {
                result.AddError("rules eval needs --input FILE.tsv");
            }
        });
        SetAction(async (parse, cancellationToken) =>
        {
            var run = Start(parse);
            if (await RulesCommand.LoadAsync(run.ConfigDirectory, parse.GetValue(_watches), parse.GetValue(_stages), context.Error, cancellationToken).ConfigureAwait(false) is not { } rules)
            {
                return ExitCodes.Invalid;
            }

            (string, Core.Matching.WatchSet, Core.Matching.StageSet)? against = null;
            if (parse.GetValue(_against) is { } folder)
            {
                if (await RulesCommand.LoadAsync(folder.FullName, null, null, context.Error, cancellationToken).ConfigureAwait(false) is not { } other)
                {
                    return ExitCodes.Invalid;
                }

                against = (folder.ToString(), other.Watches, other.Stages);
            }

            var input = parse.GetRequiredValue(_input).ToString();
            var report = new RulesEval.Report(parse.GetValue(_confusion), parse.GetValue(_byRule), against);
            return await RulesEval.RunAsync(rules.Watches, rules.Stages, input, report, context.Output, context.Error, cancellationToken).ConfigureAwait(false);
        });
    }
}
