namespace NewsWatcher.Core.Polling;

/// <summary>A feed as an editor declared it in feeds.yaml.</summary>
/// <param name="Id">Short unique id (letters, digits, '-', '_').</param>
/// <param name="Url">An absolute http(s) URL, or a local file path (absolute, or relative to the config folder).</param>
/// <param name="Name">Human name shown in email; defaults to the id.</param>
/// <param name="Interval">Poll interval; null means the host default.</param>
/// <param name="Enabled">Disabled feeds are validated but never polled.</param>
/// <param name="Line">Line of the entry in its file, for messages.</param>
public sealed record FeedDefinition(string Id, string Url, string Name, TimeSpan? Interval, bool Enabled, int Line = 0)
{
    /// <summary>The feed normally has something new at least this often; longer silence marks it stale. Null: never stale.</summary>
    public TimeSpan? ExpectedUpdate { get; init; }

    /// <summary>The shortest wait between adaptive polls; null means the host default (Polling:MinInterval).</summary>
    public TimeSpan? MinInterval { get; init; }

    /// <summary>The longest wait between adaptive polls; null means the host default (Polling:MaxInterval).</summary>
    public TimeSpan? MaxInterval { get; init; }

    /// <summary>True follows the feed's learned rhythm within the bounds; false (the default, opt-in with <c>adaptive: true</c>) keeps its fixed <see cref="Interval"/>.</summary>
    public bool Adaptive { get; init; }
}
