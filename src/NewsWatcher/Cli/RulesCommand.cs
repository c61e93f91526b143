using NewsWatcher.Configuration;
using NewsWatcher.Core.Configuration;
using NewsWatcher.Core.Stages;
using NewsWatcher.Core.Watches;

namespace NewsWatcher.Cli;

/// <summary><c>rules test</c> and <c>rules eval</c>: editors run the watches over text, a feed or a labelled TSV.</summary>
public static class RulesCommand
{
    public const string Usage = """
        Usage:
          newswatcher rules test --text "headline" [--summary "text"] [--watches FILE] [--stages FILE] [--config DIR]
          newswatcher rules test --feed FILE|URL [--watches FILE] [--stages FILE] [--config DIR]
          newswatcher rules eval --input FILE.tsv [--confusion] [--watches FILE] [--stages FILE] [--config DIR]

        test   shows each article that matches: its stage (the cue and terms that decided it, the runners-up it beat),
               its watches, categories and the matched terms in [brackets]
        eval   reads a TSV with a header row (id, title, description; optional label 1/0 and category), writes
               "id, matched, watches, categories, stage" as TSV to stdout, and precision/recall/F1 to stderr when
               labelled (with a category column also stage_acc and stage_macro_f1)
        --confusion      eval: also print the confusion matrix of labelled against shown stage to stderr
        --watches FILE   the watch rules to use (default: watches.yaml in the config folder)
        --stages FILE    the stage cues to use (default: stages.yaml in the config folder)
        """;

    /// <summary>Options that take no value.</summary>
    private static readonly string[] Flags = ["confusion"];

    /// <summary>Runs the command; returns the exit code (0 ok, 1 input unreadable, 2 usage or invalid watches).</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, string configDirectory, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(error);
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var sub = args.Count > 0 ? args[0] : string.Empty;
        for (var i = 1; i < args.Count; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal) && Flags.Contains(args[i][2..], StringComparer.Ordinal))
            {
                options[args[i][2..]] = "true";
                continue;
            }

            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                return await UsageAsync(error, $"unexpected argument '{args[i]}'").ConfigureAwait(false);
            }

            options[args[i][2..]] = args[++i];
        }

        string[] allowed = sub switch
        {
            "test" => ["text", "summary", "feed", "watches", "stages"],
            "eval" => ["input", "watches", "stages", "confusion"],
            _ => [],
        };
        if (allowed.Length == 0)
        {
            return await UsageAsync(error, sub.Length == 0 ? "rules needs 'test' or 'eval'" : $"unknown rules command '{sub}'").ConfigureAwait(false);
        }

        if (options.Keys.FirstOrDefault(k => !allowed.Contains(k)) is { } unknown)
        {
            return await UsageAsync(error, $"rules {sub}: unknown option '--{unknown}'").ConfigureAwait(false);
        }

        var watchesPath = options.GetValueOrDefault("watches") ?? Path.Combine(configDirectory, EditorConfigLoader.WatchesFileName);
        var stagesPath = options.GetValueOrDefault("stages") ?? Path.Combine(configDirectory, EditorConfigLoader.StagesFileName);
        WatchSet watches;
        StageSet stages;
        try
        {
            var display = options.ContainsKey("watches") ? watchesPath : EditorConfigLoader.DisplayPath(configDirectory, EditorConfigLoader.WatchesFileName);
            var watchesYaml = await File.ReadAllTextAsync(watchesPath, cancellationToken).ConfigureAwait(false);
            watches = WatchesFile.Parse(watchesYaml, display);

            // Without a stages file the stage is the first-ranked watch category, as before stages.yaml existed.
            stages = !options.ContainsKey("stages") && !File.Exists(stagesPath)
                ? StageSet.WatchCategories
                : StagesFile.Parse(
                    await File.ReadAllTextAsync(stagesPath, cancellationToken).ConfigureAwait(false),
                    options.ContainsKey("stages") ? stagesPath : EditorConfigLoader.DisplayPath(configDirectory, EditorConfigLoader.StagesFileName),
                    WatchesFile.ParseLists(watchesYaml, display));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"error: {(ex is FileNotFoundException && File.Exists(watchesPath) ? stagesPath : watchesPath)}: {(ex is FileNotFoundException or DirectoryNotFoundException ? "file not found" : ex.Message)}").ConfigureAwait(false);
            return 2;
        }
        catch (ConfigException ex)
        {
            foreach (var problem in ex.Errors)
            {
                await error.WriteLineAsync($"error: {problem}").ConfigureAwait(false);
            }

            return 2;
        }

        if (sub == "eval")
        {
            return options.TryGetValue("input", out var input)
                ? await RulesEval.RunAsync(watches, stages, input, options.ContainsKey("confusion"), output, error, cancellationToken).ConfigureAwait(false)
                : await UsageAsync(error, "rules eval needs --input FILE.tsv").ConfigureAwait(false);
        }

        return (options.ContainsKey("text"), options.ContainsKey("feed")) switch
        {
            (true, false) => await RulesTest.RunTextAsync(watches, stages, options["text"], options.GetValueOrDefault("summary") ?? string.Empty, output).ConfigureAwait(false),
            (false, true) => await RulesTest.RunFeedAsync(watches, stages, options["feed"], configDirectory, output, error, cancellationToken).ConfigureAwait(false),
            _ => await UsageAsync(error, "rules test needs either --text or --feed").ConfigureAwait(false),
        };
    }

    private static async Task<int> UsageAsync(TextWriter error, string message)
    {
        await error.WriteLineAsync($"error: {message}\n\n{Usage}").ConfigureAwait(false);
        return 2;
    }
}
