using NewsWatcher.Storage;

namespace NewsWatcher.Diagnostics;

/// <summary>What the cluster matched lately, as read from the store in one round trip.</summary>
/// <param name="Latest">The newest matches, newest first.</param>
/// <param name="CountsLast24Hours">Matches per watch id over the last 24 hours (to the count bucket, <see cref="IMatchActivityStore.BucketWidth"/>).</param>
internal sealed record MatchActivity(IReadOnlyList<RecentMatch> Latest, IReadOnlyDictionary<string, int> CountsLast24Hours)
{
    public static MatchActivity Empty { get; } = new([], new Dictionary<string, int>(StringComparer.Ordinal));
}
