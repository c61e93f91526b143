using NewsWatcher.Core.Matching;

namespace NewsWatcher.Dedup;

/// <summary>Dedup: remembers which articles were seen and enqueues the matches of new ones, atomically.</summary>
internal interface IArticleLedger
{
    /// <summary>
    /// Claims each article's id, canonical link and normalised headline (set-if-absent with expiry). For each article
    /// whose keys were all unseen, its deliveries are enqueued in the same atomic step. An article with matches that
    /// tells the same story as a recent article from another feed joins that story: where the other outlet's entry is
    /// still pending for a subscriber, it is folded into that entry ("also reported by") instead of adding a second one.
    /// Constant round trips per batch, whatever its size.
    /// </summary>
    /// <returns>For each input, in order, whether it was new.</returns>
    Task<IReadOnlyList<bool>> RecordAsync(IReadOnlyList<ArticleDeliveries> batch, CancellationToken cancellationToken);

    /// <summary>
    /// For each article, whether its id is already seen (one pipelined read), so a poll can skip matching articles it
    /// has processed before. Only a hint: <see cref="RecordAsync"/> still decides atomically.
    /// </summary>
    Task<IReadOnlyList<bool>> AreSeenAsync(IReadOnlyList<NewsWatcher.Core.Parsing.Article> articles, CancellationToken cancellationToken);
}
