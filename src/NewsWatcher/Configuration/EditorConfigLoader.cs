using NewsWatcher.Core.Configuration;

namespace NewsWatcher.Configuration;

/// <summary>Reads feeds.yaml, watches.yaml and subscribers.yaml from the config folder, reporting every error in all three.</summary>
public static class EditorConfigLoader
{
    public const string FeedsFileName = "feeds.yaml";
    public const string WatchesFileName = "watches.yaml";
    public const string SubscribersFileName = "subscribers.yaml";

    /// <exception cref="ConfigException">Any file is missing or invalid.</exception>
    public static EditorConfig Load(string configDirectory)
    {
        var errors = new List<ConfigError>();
        var feeds = Read(configDirectory, FeedsFileName, errors, FeedsFile.Parse);
        var watches = Read(configDirectory, WatchesFileName, errors, WatchesFile.Parse);
        var watchIds = watches?.Watches.Select(w => w.Id).ToHashSet(StringComparer.Ordinal);

        // Without valid watches every subscriber reference would be reported as unknown: noise, not help.
        var subscribers = watchIds is null
            ? null
            : Read(configDirectory, SubscribersFileName, errors, (text, path) => SubscribersFile.Parse(text, path, watchIds));
        if (errors.Count > 0 || feeds is null || watches is null || subscribers is null)
        {
            throw new ConfigException(errors);
        }

        return new EditorConfig(feeds, watches, subscribers);
    }

    /// <summary>The path as a person would type it: relative to the working directory when below it.</summary>
    public static string DisplayPath(string configDirectory, string fileName)
    {
        var full = Path.GetFullPath(Path.Combine(configDirectory, fileName));
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, full);
        return relative.StartsWith("..", StringComparison.Ordinal) ? full : relative.Replace('\\', '/');
    }

    private static T? Read<T>(string configDirectory, string fileName, List<ConfigError> errors, Func<string, string, T> parse)
        where T : class
    {
        var display = DisplayPath(configDirectory, fileName);
        string text;
        try
        {
            text = File.ReadAllText(Path.Combine(configDirectory, fileName));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add(new ConfigError(display, 0, 0, ex is FileNotFoundException or DirectoryNotFoundException ? "file not found" : ex.Message));
            return null;
        }

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
