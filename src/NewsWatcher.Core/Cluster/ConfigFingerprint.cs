using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NewsWatcher.Core.Polling;
using NewsWatcher.Core.Subscribers;

namespace NewsWatcher.Core.Cluster;

/// <summary>
/// What a replica runs with: one short hash per feed and per subscriber (ids in the clear, settings hashed), so replicas
/// can compare their <c>feeds.yaml</c> and <c>subscribers.yaml</c> and name exactly what differs.
/// </summary>
public sealed record ConfigFingerprint(IReadOnlyDictionary<string, string> Feeds, IReadOnlyDictionary<string, string> Subscribers)
{
    public static ConfigFingerprint Create(IEnumerable<FeedDefinition> feeds, IEnumerable<Subscriber> subscribers)
    {
        ArgumentNullException.ThrowIfNull(feeds);
        ArgumentNullException.ThrowIfNull(subscribers);
        return new ConfigFingerprint(
            feeds.ToDictionary(f => f.Id, f => Hash(Describe(f)), StringComparer.Ordinal),
            subscribers.ToDictionary(s => s.Id, s => Hash(Describe(s)), StringComparer.Ordinal));
    }

    /// <summary>One line per file that differs from <paramref name="other"/>'s, naming the ids; empty when both run the same config.</summary>
    public IReadOnlyList<string> DifferencesFrom(ConfigFingerprint other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var lines = new List<string>();
        if (Describe("feeds.yaml", "feeds", Feeds, other.Feeds) is { } feeds)
        {
            lines.Add(feeds);
        }

        if (Describe("subscribers.yaml", "subscribers", Subscribers, other.Subscribers) is { } subscribers)
        {
            lines.Add(subscribers);
        }

        return lines;
    }

    private static string? Describe(string file, string what, IReadOnlyDictionary<string, string> mine, IReadOnlyDictionary<string, string> theirs)
    {
        var onlyHere = mine.Keys.Where(k => !theirs.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var onlyThere = theirs.Keys.Where(k => !mine.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var changed = mine.Where(p => theirs.TryGetValue(p.Key, out var h) && h != p.Value).Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
        if (onlyHere.Count + onlyThere.Count + changed.Count == 0)
        {
            return null;
        }

        var parts = new List<string>();
        if (onlyHere.Count > 0)
        {
            parts.Add($"{what} only here: {List(onlyHere)}");
        }

        if (onlyThere.Count > 0)
        {
            parts.Add($"{what} only there: {List(onlyThere)}");
        }

        if (changed.Count > 0)
        {
            parts.Add($"{what} set differently: {List(changed)}");
        }

        return $"{file} differs ({string.Join("; ", parts)})";
    }

    private static string List(List<string> ids) => ids.Count <= 10 ? string.Join(", ", ids) : string.Join(", ", ids.Take(10)) + $" and {ids.Count - 10} more";

    private static string Describe(FeedDefinition feed) => string.Join(
        '\n',
        feed.Url,
        feed.Name,
        feed.Interval?.ToString("c", CultureInfo.InvariantCulture) ?? "",
        feed.Enabled ? "on" : "off",
        feed.ExpectedUpdate?.ToString("c", CultureInfo.InvariantCulture) ?? "");

    private static string Describe(Subscriber subscriber) => string.Join(
        '\n',
        subscriber.Email,
        subscriber.Name,
        string.Join(',', subscriber.Watches),
        string.Join(',', subscriber.Categories),
        subscriber.Cadence.ToString(),
        subscriber.TimeZone.Id,
        subscriber.ImmediateUrgent ? "urgent" : "",
        subscriber.QuietHours?.ToString() ?? "",
        subscriber.MaxItems?.ToString(CultureInfo.InvariantCulture) ?? "",
        subscriber.SkipEmpty ? "skip-empty" : "");

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
}
