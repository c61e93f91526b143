using NewsWatcher.Core.Delivery;
using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Core.Parsing;
using NewsWatcher.Core.Subscribers;

namespace NewsWatcher.Core.Tests.Delivery;

/// <summary>Builders for digest test data.</summary>
internal static class DigestSamples
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static TimeZoneInfo Helsinki { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/Helsinki");

    public static Subscriber Subscriber(TimeZoneInfo? timeZone = null, params string[] watches) =>
        new("ana@example.org", "ana@example.org", "Ana", watches.Length == 0 ? ["truce"] : watches, DigestCadence.DailyAt(new TimeOnly(8, 0)), timeZone ?? TimeZoneInfo.Utc, ImmediateUrgent: true);

    public static DigestItem Item(
        string id,
        string title,
        DateTimeOffset? published = null,
        string summary = "",
        string? link = "https://news.example/a",
        string feedId = "feed-1",
        params WatchMatch[] matches) =>
        new(
            new Article(id, feedId, title, summary, link, published ?? Now),
            matches.Length == 0 ? [Match("other")] : matches);

    public static WatchMatch Match(string category, string watchId = "truce", string watchName = "Truce watch", params MatchedTerm[] terms) =>
        new(watchId, watchName, category, WatchPriority.Normal, terms);

    public static Digest Compose(params DigestItem[] items) =>
        DigestComposer.Compose("d-1", new Route(Subscriber()), OutboxKind.Digest, items, Now);
}
