namespace NewsWatcher.Storage;

/// <summary>Dedup: remembers which articles were seen and enqueues the matches of new ones, atomically.</summary>
public interface IArticleLedger
{
    /// <summary>
    /// Claims each article's id and canonical link (set-if-absent with expiry, one round trip for the batch).
    /// For each article whose id and link were both unseen, its deliveries are enqueued in the same atomic step.
    /// </summary>
    /// <returns>For each input, in order, whether it was new.</returns>
    Task<IReadOnlyList<bool>> RecordAsync(IReadOnlyList<ArticleDeliveries> batch, CancellationToken cancellationToken);
}
