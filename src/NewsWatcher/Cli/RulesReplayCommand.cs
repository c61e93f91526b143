using System.CommandLine;
using NewsWatcher.Configuration;
using NewsWatcher.Core.Configuration;
using NewsWatcher.Core.Dedup;

namespace NewsWatcher.Cli;

/// <summary><c>rules replay --input A.tsv [--input B.tsv]</c>: labelled headlines in time order through the truce threads, alerts per day.</summary>
internal sealed class RulesReplayCommand : VerbCommand
{
    private readonly Option<FileInfo[]> _input = new("--input")
    {
        Description = "A corpus TSV (id, source_file, source_row, title, description); repeat for several",
        HelpName = "FILE.tsv",
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<int> _threads = new("--threads")
    {
        Description = "How many threads to print with their articles, most reported first",
        DefaultValueFactory = _ => 30,
    };

    private readonly Option<FileInfo> _watches = RulesCommand.WatchesOption();
    private readonly Option<FileInfo> _stages = RulesCommand.StagesOption();

    public RulesReplayCommand(GlobalOptions global, CliContext context)
        : base("replay", "Replay dated headlines in time order through watches, stage cues and truce threads: \"day, articles, developments\" alerts per day and the biggest threads to stdout, totals to stderr.", global, context, readsSettings: false)
    {
        Options.Add(_input);
        Options.Add(_threads);
        Options.Add(_watches);
        Options.Add(_stages);
        Validators.Add(result =>
        {
            if (result.GetResult(_input) is null)
            {
                result.AddError("rules replay needs --input FILE.tsv");
            }
        });
        SetAction(async (parse, cancellationToken) =>
        {
            var run = Start(parse);
            if (await RulesCommand.LoadAsync(run.ConfigDirectory, parse.GetValue(_watches), parse.GetValue(_stages), context.Error, cancellationToken).ConfigureAwait(false) is not { } rules)
            {
                return ExitCodes.Invalid;
            }

            var stagesPath = parse.GetValue(_stages)?.FullName ?? Path.Combine(run.ConfigDirectory, EditorConfigLoader.StagesFileName);
            ThreadRules threads;
            try
            {
                threads = File.Exists(stagesPath)
                    ? ThreadsSection.Parse(await File.ReadAllTextAsync(stagesPath, cancellationToken).ConfigureAwait(false), stagesPath, rules.Stages.Actors)
                    : new ThreadRules(rules.Stages.Actors, []);
            }
            catch (ConfigException ex)
            {
                foreach (var problem in ex.Errors)
                {
                    await context.Error.WriteLineAsync($"error: {problem}").ConfigureAwait(false);
                }

                return ExitCodes.Invalid;
            }

            var inputs = parse.GetRequiredValue(_input).Select(f => f.ToString()).ToList();
            return await RulesReplay.RunAsync(rules.Watches, rules.Stages, threads, inputs, parse.GetValue(_threads), context.Output, context.Error, cancellationToken).ConfigureAwait(false);
        });
    }
}
