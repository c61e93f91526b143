using System.CommandLine;
using NewsWatcher.Configuration;
using NewsWatcher.Core.Configuration;
using NewsWatcher.Core.Matching;

namespace NewsWatcher.Cli;

/// <summary><c>rules test</c> and <c>rules eval</c>: editors run the watches over text, a feed or a labelled TSV.</summary>
internal sealed class RulesCommand : VerbCommand
{
    public RulesCommand(GlobalOptions global, CliContext context)
        : base("rules", "For editors: run the watches and stage cues over text, a feed or a labelled TSV, and show what matched and why.", global, context, readsSettings: false)
    {
        Subcommands.Add(new RulesTestCommand(global, context));
        Subcommands.Add(new RulesEvalCommand(global, context));
        Subcommands.Add(new RulesReplayCommand(global, context));

        // Without its verb, say which there are (the parser would only say that one is missing).
        SetAction(parse => UsageErrors.Report((NewsWatcherRootCommand)parse.RootCommandResult.Command, parse, ["rules needs 'test', 'eval' or 'replay'"], context.Error));
    }

    /// <summary><c>--watches FILE</c>, for both verbs.</summary>
    public static Option<FileInfo> WatchesOption() => new("--watches")
    {
        Description = $"The watch rules to use (default: {EditorConfigLoader.WatchesFileName} in the config folder)",
        HelpName = "FILE",
    };

    /// <summary><c>--stages FILE</c>, for both verbs.</summary>
    public static Option<FileInfo> StagesOption() => new("--stages")
    {
        Description = $"The stage cues to use (default: {EditorConfigLoader.StagesFileName} in the config folder, if there is one)",
        HelpName = "FILE",
    };

    /// <summary>The watches and stage cues to run; null, with each problem written to <paramref name="error"/>, when they cannot be read.</summary>
    public static async Task<(WatchSet Watches, StageSet Stages)?> LoadAsync(
        string configDirectory, FileInfo? watchesFile, FileInfo? stagesFile, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        var watchesPath = watchesFile?.FullName ?? Path.Combine(configDirectory, EditorConfigLoader.WatchesFileName);
        var stagesPath = stagesFile?.FullName ?? Path.Combine(configDirectory, EditorConfigLoader.StagesFileName);
        try
        {
            var display = watchesFile?.ToString() ?? EditorConfigLoader.DisplayPath(configDirectory, EditorConfigLoader.WatchesFileName);
            var stagesDisplay = stagesFile?.ToString() ?? EditorConfigLoader.DisplayPath(configDirectory, EditorConfigLoader.StagesFileName);
            var watchesYaml = await File.ReadAllTextAsync(watchesPath, cancellationToken).ConfigureAwait(false);
            var watches = WatchesFile.Parse(watchesYaml, display);

            // Without a stages file the stage is the first-ranked watch category, as before stages.yaml existed.
            var stages = stagesFile is null && !File.Exists(stagesPath)
                ? StageSet.WatchCategories
                : StagesFile.Parse(
                    await File.ReadAllTextAsync(stagesPath, cancellationToken).ConfigureAwait(false),
                    stagesDisplay,
                    WatchesFile.ParseLists(watchesYaml, display));

            // The editors' examples only warn here: a rule being worked on can still be tried (check fails on them).
            foreach (var problem in EditorConfigLoader.CheckExamples((watchesPath, display), (stagesPath, stagesDisplay), watches, stages).Errors)
            {
                await error.WriteLineAsync($"warning: {problem}").ConfigureAwait(false);
            }

            return (watches, stages);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var path = ex is FileNotFoundException && File.Exists(watchesPath) ? stagesFile?.ToString() ?? stagesPath : watchesFile?.ToString() ?? watchesPath;
            await error.WriteLineAsync($"error: {path}: {(ex is FileNotFoundException or DirectoryNotFoundException ? "file not found" : ex.Message)}").ConfigureAwait(false);
            return null;
        }
        catch (ConfigException ex)
        {
            foreach (var problem in ex.Errors)
            {
                await error.WriteLineAsync($"error: {problem}").ConfigureAwait(false);
            }

            return null;
        }
    }
}
