using NewsWatcher.Core.Feeds;

namespace NewsWatcher.Core.Configuration;

/// <summary>Reads feeds.yaml. Throws <see cref="ConfigException"/> listing every error with file and line.</summary>
public static class FeedsFile
{
    public static IReadOnlyList<FeedDefinition> Parse(string yaml, string path) => throw new NotImplementedException();
}
