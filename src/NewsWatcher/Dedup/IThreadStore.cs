using NewsWatcher.Core.Dedup;

namespace NewsWatcher.Dedup;

/// <summary>Reads the truce threads the ledger keeps (it alone writes them, atomically with dedup).</summary>
internal interface IThreadStore
{
    /// <summary>The threads with the newest last development, newest first, at most <paramref name="count"/>.</summary>
    Task<IReadOnlyList<StoryThread>> RecentAsync(int count, CancellationToken cancellationToken);

    /// <summary>The thread kept under <paramref name="conflictKey"/>; null when there is none (expired) or it cannot be read.</summary>
    Task<StoryThread?> GetAsync(string conflictKey, CancellationToken cancellationToken);
}
