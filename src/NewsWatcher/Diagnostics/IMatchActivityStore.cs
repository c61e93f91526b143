using NewsWatcher.Storage;

namespace NewsWatcher.Diagnostics;

/// <summary>
/// The cluster's recent matches and 24-hour match counts, shared by every replica: a capped list of the latest
/// matches and per-watch counters in time buckets that expire.
/// </summary>
internal interface IMatchActivityStore
{
    /// <summary>How many of the latest matches are kept.</summary>
    const int Capacity = 100;

    /// <summary>The width of one count bucket: the 24-hour counts are exact to this.</summary>
    static readonly TimeSpan BucketWidth = TimeSpan.FromMinutes(10);

    /// <summary>The window the counts cover.</summary>
    static readonly TimeSpan Window = TimeSpan.FromHours(24);

    /// <summary>Adds <paramref name="matches"/> (oldest first) to the latest and counts each once per watch, in one atomic step.</summary>
    Task RecordAsync(IReadOnlyList<RecentMatch> matches, CancellationToken cancellationToken);

    /// <summary>The newest <paramref name="count"/> matches and the counts over the 24 hours before <paramref name="now"/>.</summary>
    Task<MatchActivity> ReadAsync(int count, DateTimeOffset now, CancellationToken cancellationToken);
}
