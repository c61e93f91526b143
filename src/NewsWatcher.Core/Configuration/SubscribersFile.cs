using NewsWatcher.Core.Subscribers;

namespace NewsWatcher.Core.Configuration;

/// <summary>Reads subscribers.yaml. Throws <see cref="ConfigException"/> listing every error with file and line.</summary>
public static class SubscribersFile
{
    /// <param name="knownWatchIds">Watch ids from watches.yaml; following an unknown one is an error.</param>
    public static IReadOnlyList<Subscriber> Parse(string yaml, string path, IReadOnlySet<string> knownWatchIds) =>
        throw new NotImplementedException();
}
