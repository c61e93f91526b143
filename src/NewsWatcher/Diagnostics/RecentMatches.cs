using NewsWatcher.Core.Articles;
using NewsWatcher.Core.Watches;

namespace NewsWatcher.Diagnostics;

/// <summary>A new article, the watches it matched and the stage it was given, when this process recorded it.</summary>
public sealed record RecentMatch(DateTimeOffset At, Article Article, IReadOnlyList<WatchMatch> Matches)
{
    /// <summary>The development stage shown to subscribers; null when not classified.</summary>
    public string? Stage { get; init; }

    /// <summary>The named party beside the stage, where the text names one.</summary>
    public string? Actor { get; init; }
}

/// <summary>
/// The latest matches this process saw, for the status page: the most recent few in full, and per-watch counts over
/// a sliding 24 hours. Bounded in memory whatever the match rate.
/// </summary>
public sealed class RecentMatches
{
    public const int Capacity = 100;
    private const int MaxCounted = 100_000;
    private static readonly TimeSpan Window = TimeSpan.FromHours(24);

    private readonly Lock _lock = new();
    private readonly LinkedList<RecentMatch> _latest = new();
    private readonly Queue<(DateTimeOffset At, string WatchId)> _counted = new();

    public void Add(RecentMatch match)
    {
        ArgumentNullException.ThrowIfNull(match);
        lock (_lock)
        {
            _latest.AddFirst(match);
            if (_latest.Count > Capacity)
            {
                _latest.RemoveLast();
            }

            foreach (var watch in match.Matches)
            {
                _counted.Enqueue((match.At, watch.WatchId));
            }

            while (_counted.Count > MaxCounted)
            {
                _counted.Dequeue();
            }
        }
    }

    /// <summary>Newest first.</summary>
    public IReadOnlyList<RecentMatch> Latest(int count)
    {
        lock (_lock)
        {
            return [.. _latest.Take(count)];
        }
    }

    /// <summary>Matches per watch id over the 24 hours before <paramref name="now"/>.</summary>
    public IReadOnlyDictionary<string, int> CountsLast24Hours(DateTimeOffset now)
    {
        lock (_lock)
        {
            while (_counted.Count > 0 && _counted.Peek().At < now - Window)
            {
                _counted.Dequeue();
            }

            return _counted.GroupBy(c => c.WatchId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        }
    }
}
