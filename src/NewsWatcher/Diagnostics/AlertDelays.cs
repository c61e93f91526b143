using System.Collections.Concurrent;
using NewsWatcher.Core.Diagnostics;

namespace NewsWatcher.Diagnostics;

/// <summary>The latest alert delays per feed, as this replica delivered them, for the status page's p50 column.</summary>
internal sealed class AlertDelays
{
    /// <summary>How many of a feed's latest delays the median is taken over.</summary>
    public const int Kept = 200;

    private readonly ConcurrentDictionary<string, Queue<double>> _byFeed = new(StringComparer.Ordinal);

    public void Record(string feedId, double seconds)
    {
        var queue = _byFeed.GetOrAdd(feedId, _ => new Queue<double>());
        lock (queue)
        {
            queue.Enqueue(seconds);
            if (queue.Count > Kept)
            {
                queue.Dequeue();
            }
        }
    }

    /// <summary>The median delay of the feed's latest alerts; null before its first.</summary>
    public TimeSpan? Median(string feedId)
    {
        if (!_byFeed.TryGetValue(feedId, out var queue))
        {
            return null;
        }

        double[] values;
        lock (queue)
        {
            values = [.. queue];
        }

        return AlertDelay.Quantile(values, 0.5) is { } p50 ? TimeSpan.FromSeconds(p50) : null;
    }
}
