using NewsWatcher.Core.Watches;

namespace NewsWatcher.Core.Configuration;

/// <summary>Reads watches.yaml. Throws <see cref="ConfigException"/> listing every error with file and line.</summary>
public static class WatchesFile
{
    public static WatchSet Parse(string yaml, string path) => throw new NotImplementedException();
}
