using NewsWatcher.Core.Configuration;
using NewsWatcher.Core.Dedup;
using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Polling;

namespace NewsWatcher.Configuration;

/// <summary>Reads feeds.yaml, watches.yaml, subscribers.yaml and (when present) stages.yaml from the config folder, reporting every error in all of them.</summary>
internal static class EditorConfigLoader
{
    public const string FeedsFileName = "feeds.yaml";
    public const string WatchesFileName = "watches.yaml";
    public const string SubscribersFileName = "subscribers.yaml";
    public const string StagesFileName = "stages.yaml";

    /// <exception cref="ConfigException">Any file is missing or invalid.</exception>
    public static EditorConfig Load(string configDirectory)
    {
        var errors = new List<ConfigError>();
        var feeds = Read(configDirectory, FeedsFileName, errors, FeedsFile.Parse);
        var watches = Read(configDirectory, WatchesFileName, errors, WatchesFile.Parse);
        if (feeds is not null && watches is not null)
        {
            errors.AddRange(CheckFeedFilters(watches, feeds, DisplayPath(configDirectory, WatchesFileName)));
        }

        var watchIds = watches?.Watches.Select(w => w.Id).ToHashSet(StringComparer.Ordinal);

        // Without valid watches every subscriber reference would be reported as unknown: noise, not help.
        var subscribers = watchIds is null
            ? null
            : Read(configDirectory, SubscribersFileName, errors, (text, path) => SubscribersFile.Parse(text, path, watchIds));
        var stages = LoadStages(configDirectory, errors);
        var threads = stages is null ? null : LoadThreads(configDirectory, stages, errors);
        if (errors.Count > 0 || feeds is null || watches is null || subscribers is null || stages is null || threads is null)
        {
            throw new ConfigException(errors);
        }

        return new EditorConfig(feeds, watches, subscribers) { Stages = stages, Threads = threads };
    }

    /// <summary>
    /// The stage cues of stages.yaml, which may use the lists of watches.yaml; without the file, the first-ranked watch
    /// category stands in. Null with <paramref name="errors"/> added when either file cannot be read; when watches.yaml's
    /// lists cannot be read, stages.yaml is not checked (its errors would only repeat that one).
    /// </summary>
    public static StageSet? LoadStages(string configDirectory, List<ConfigError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var path = Path.Combine(configDirectory, StagesFileName);
        if (!File.Exists(path))
        {
            return StageSet.WatchCategories;
        }

        // Unreadable lists would make every '@list' in stages.yaml "unknown": errors that only follow from watches.yaml's.
        var listErrors = new List<ConfigError>();
        var lists = Read(configDirectory, WatchesFileName, listErrors, WatchesFile.ParseLists);
        if (lists is null)
        {
            errors.AddRange(listErrors.Except(errors));
            return null;
        }

        return Read(configDirectory, StagesFileName, errors, (text, display) => StagesFile.Parse(text, display, lists));
    }

    /// <summary>
    /// The truce threads of stages.yaml's <c>threads:</c> section, over the actors of <paramref name="stages"/>; the
    /// default window and no named conflicts without the file or the section. Null with <paramref name="errors"/> added when invalid.
    /// </summary>
    public static ThreadRules? LoadThreads(string configDirectory, StageSet stages, List<ConfigError> errors)
    {
        ArgumentNullException.ThrowIfNull(stages);
        ArgumentNullException.ThrowIfNull(errors);
        return File.Exists(Path.Combine(configDirectory, StagesFileName))
            ? Read(configDirectory, StagesFileName, errors, (text, display) => ThreadsSection.Parse(text, display, stages.Actors))
            : new ThreadRules(stages.Actors, []);
    }

    /// <summary>
    /// Runs the <c>examples:</c> of watches.yaml and (when there is one) stages.yaml in <paramref name="configDirectory"/>
    /// against <paramref name="watches"/> and <paramref name="stages"/>.
    /// </summary>
    /// <returns>How many examples there are, and an error for each that is written wrong or no longer holds.</returns>
    /// <param name="watchesText">watches.yaml as it was read for the rules in use (a reload never reads a file twice: it may be a pipe); null to read it.</param>
    public static (int Count, IReadOnlyList<ConfigError> Errors) CheckExamples(string configDirectory, WatchSet watches, StageSet stages, string? watchesText = null) =>
        CheckExamples(
            (Path.Combine(configDirectory, WatchesFileName), DisplayPath(configDirectory, WatchesFileName)),
            (Path.Combine(configDirectory, StagesFileName), DisplayPath(configDirectory, StagesFileName)),
            watches,
            stages,
            watchesText);

    /// <summary>As above, for files given by path (and how to show them); a stages file that does not exist has no examples.</summary>
    /// <param name="watchesText">watches.yaml as it was read for the rules in use; null to read the file again.</param>
    public static (int Count, IReadOnlyList<ConfigError> Errors) CheckExamples(
        (string Path, string Display) watchesFile, (string Path, string Display) stagesFile, WatchSet watches, StageSet stages, string? watchesText = null)
    {
        var errors = new List<ConfigError>();
        var examples = new List<RuleExample>(
            (watchesText is null
                ? ReadFile(watchesFile.Path, watchesFile.Display, errors, RuleExamples.ParseWatchExamples)
                : Parse(watchesText, watchesFile.Display, errors, RuleExamples.ParseWatchExamples)) ?? []);
        if (File.Exists(stagesFile.Path))
        {
            examples.AddRange(ReadFile(stagesFile.Path, stagesFile.Display, errors, RuleExamples.ParseStageExamples) ?? []);
        }

        errors.AddRange(RuleExamples.Check(watches, stages, examples));
        return (examples.Count, errors);
    }

    /// <summary>A watch's <c>feeds</c> filter may only name feeds that exist, or the watch would silently never match.</summary>
    public static IEnumerable<ConfigError> CheckFeedFilters(WatchSet watches, IReadOnlyList<FeedDefinition> feeds, string watchesPath)
    {
        ArgumentNullException.ThrowIfNull(watches);
        var known = feeds.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        return watches.Watches
            .SelectMany(w => (w.Feeds ?? []).Where(f => !known.Contains(f)).Select(f => (Watch: w, Feed: f)))
            .Select(x => new ConfigError(watchesPath, x.Watch.Line, 0, $"watch '{x.Watch.Id}': 'feeds' names unknown feed '{x.Feed}' (feeds.yaml has {string.Join(", ", known.Order(StringComparer.Ordinal))})"));
    }

    /// <summary>The path as a person would type it: relative to the working directory when below it.</summary>
    public static string DisplayPath(string configDirectory, string fileName)
    {
        var full = Path.GetFullPath(Path.Combine(configDirectory, fileName));
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, full);
        return relative.StartsWith("..", StringComparison.Ordinal) ? full : relative.Replace('\\', '/');
    }

    private static T? Read<T>(string configDirectory, string fileName, List<ConfigError> errors, Func<string, string, T> parse)
        where T : class => ReadFile(Path.Combine(configDirectory, fileName), DisplayPath(configDirectory, fileName), errors, parse);

    private static T? ReadFile<T>(string path, string display, List<ConfigError> errors, Func<string, string, T> parse)
        where T : class
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add(new ConfigError(display, 0, 0, ex is FileNotFoundException or DirectoryNotFoundException ? "file not found" : ex.Message));
            return null;
        }

        return Parse(text, display, errors, parse);
    }

    private static T? Parse<T>(string text, string display, List<ConfigError> errors, Func<string, string, T> parse)
        where T : class
    {
        try
        {
            return parse(text, display);
        }
        catch (ConfigException ex)
        {
            errors.AddRange(ex.Errors);
            return null;
        }
    }
}
