using NewsWatcher.Core.Threads;

namespace NewsWatcher.Storage;

/// <summary>Reads the truce threads the ledger keeps (it alone writes them, atomically with dedup).</summary>
public interface IThreadStore
{
    /// <summary>The threads with the newest last development, newest first, at most <paramref name="count"/>.</summary>
    Task<IReadOnlyList<StoryThread>> RecentAsync(int count, CancellationToken cancellationToken);
}
