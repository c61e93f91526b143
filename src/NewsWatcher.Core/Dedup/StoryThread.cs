namespace NewsWatcher.Core.Dedup;

/// <summary>The state of one truce thread as the store keeps it: its developments in the order they were first reported.</summary>
/// <param name="Id">Stable id ("thread-…"), shown in payloads and story links.</param>
/// <param name="Key">The conflict key it is kept under (<see cref="ThreadConflict.Key"/>).</param>
/// <param name="Name">The editor's name for the conflict, or the first development's headline.</param>
/// <param name="LastDevelopmentAt">When the newest development was reported; the thread closes a window after it.</param>
/// <param name="Version">Bumped by every write; the store applies a decision only over the version it was made on.</param>
public sealed record StoryThread(string Id, string Key, string Name, DateTimeOffset StartedAt, DateTimeOffset LastDevelopmentAt, IReadOnlyList<ThreadDevelopment> Developments, long Version)
{
    /// <summary>Developments kept per thread; older ones drop off the front (a truce rarely has this many).</summary>
    public const int MaxDevelopments = 40;

    /// <summary>Where the truce stands: the newest development.</summary>
    public ThreadDevelopment Current => Developments[^1];
}
