using NewsWatcher.Core.Delivery;
using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Core.Parsing;

namespace NewsWatcher.Tests.Storage;

/// <summary>Small builders for articles and deliveries used by the store tests.</summary>
internal static class StoreTestData
{
    private static readonly DateTimeOffset BaseTime = new(2025, 1, 15, 12, 0, 0, TimeSpan.Zero);

    public static Article Article(string id, string? link = "auto", string feedId = "feed-a", int minutes = 0) => new(
        id,
        feedId,
        $"Ceasefire declared in region {id}",
        "Both sides agreed to a truce <b>tonight</b> & \"quotes\".",
        link == "auto" ? $"https://news.example/{Uri.EscapeDataString(id)}" : link,
        BaseTime.AddMinutes(minutes));

    public static DigestItem Item(Article article, WatchPriority priority = WatchPriority.Urgent) => new(
        article,
        [new WatchMatch("truce", "Truce watch", "declared", priority, [new MatchedTerm("ceasefire", "title", 0, 9)])]);

    public static ArticleDeliveries Deliveries(Article article, params (string Subscriber, OutboxKind Channel)[] targets) =>
        new(article, [.. targets.Select(t => new PendingDelivery(t.Subscriber, t.Channel, Item(article)))]);

    public static SendingRecord Record(string digestId, params string[] itemKeys) =>
        new(digestId, itemKeys, [0x46, 0x72, 0x6f, 0x6d, 0x3a, 0x00, 0xff, 0x0d, 0x0a]);
}
