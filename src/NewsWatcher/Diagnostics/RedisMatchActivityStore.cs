using System.Text.Json;
using Microsoft.Extensions.Options;
using NewsWatcher.Storage;
using StackExchange.Redis;

namespace NewsWatcher.Diagnostics;

/// <summary>
/// Recent matches and 24-hour counts for the whole cluster. Writes are one MULTI/EXEC (push and trim the list, add
/// to the current bucket's counters, renew its expiry), so a reader never sees a match without its count; every key
/// shares the prefix, so on a Redis Cluster with a hash-tagged prefix they are in one slot. Reads are one pipelined
/// batch. Both stay bounded: the list holds <see cref="IMatchActivityStore.Capacity"/> entries, and a bucket lives
/// a little longer than the window.
/// </summary>
internal sealed class RedisMatchActivityStore : IMatchActivityStore
{
    private static readonly TimeSpan BucketTtl = IMatchActivityStore.Window + (2 * IMatchActivityStore.BucketWidth);

    private readonly RedisConnection _connection;
    private readonly RedisKeys _keys;

    public RedisMatchActivityStore(RedisConnection connection, IOptions<StorageOptions> options)
    {
        _connection = connection;
        _keys = new RedisKeys(options);
    }

    /// <summary>The bucket <paramref name="at"/> falls in (buckets count from the Unix epoch).</summary>
    public static long Bucket(DateTimeOffset at) => at.ToUnixTimeMilliseconds() / (long)IMatchActivityStore.BucketWidth.TotalMilliseconds;

    public async Task RecordAsync(IReadOnlyList<RecentMatch> matches, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(matches);
        if (matches.Count == 0)
        {
            return;
        }

        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        var transaction = database.CreateTransaction();
        var recent = _keys.RecentMatches();

        // Oldest first, so the batch's last match ends up at the head of the list.
        var entries = matches.Select(m => (RedisValue)JsonSerializer.Serialize(m, StoreJsonContext.Default.RecentMatch)).ToArray();
        _ = transaction.ListLeftPushAsync(recent, entries);
        _ = transaction.ListTrimAsync(recent, 0, IMatchActivityStore.Capacity - 1);
        foreach (var bucket in matches.GroupBy(m => Bucket(m.At)))
        {
            var key = _keys.MatchCounts(bucket.Key);
            foreach (var watch in bucket.SelectMany(m => m.Matches.Select(w => w.WatchId).Distinct(StringComparer.Ordinal)).GroupBy(id => id, StringComparer.Ordinal))
            {
                _ = transaction.HashIncrementAsync(key, watch.Key, watch.Count());
            }

            _ = transaction.KeyExpireAsync(key, BucketTtl);
        }

        StoreMetrics.RoundTrips.Add(1);
        await transaction.ExecuteAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<MatchActivity> ReadAsync(int count, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var database = await _connection.GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        var read = database.CreateBatch();
        var latest = count == 0 ? Task.FromResult(Array.Empty<RedisValue>()) : read.ListRangeAsync(_keys.RecentMatches(), 0, count - 1);

        // The buckets wholly inside the window, up to the one now falls in: never a match older than 24 hours.
        var last = Bucket(now);
        var first = Bucket(now - IMatchActivityStore.Window) + 1;
        var buckets = new List<Task<HashEntry[]>>((int)(last - first + 1));
        for (var bucket = first; bucket <= last; bucket++)
        {
            buckets.Add(read.HashGetAllAsync(_keys.MatchCounts(bucket)));
        }

        read.Execute();
        StoreMetrics.RoundTrips.Add(1);
        await Task.WhenAll(buckets.Cast<Task>().Append(latest)).WaitAsync(cancellationToken).ConfigureAwait(false);

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var bucket in buckets)
        {
            foreach (var entry in bucket.Result)
            {
                counts[entry.Name.ToString()] = counts.GetValueOrDefault(entry.Name.ToString()) + (int)entry.Value;
            }
        }

        var matches = new List<RecentMatch>();
        foreach (var value in latest.Result)
        {
            try
            {
                if (JsonSerializer.Deserialize(value.ToString(), StoreJsonContext.Default.RecentMatch) is { } match)
                {
                    matches.Add(match);
                }
            }
            catch (JsonException)
            {
                // An entry this version cannot read (written by another version): the others are still shown.
            }
        }

        return new MatchActivity(matches, counts);
    }
}
