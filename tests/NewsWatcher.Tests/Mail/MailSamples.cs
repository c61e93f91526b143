using MimeKit;
using NewsWatcher.Core.Delivery;
using NewsWatcher.Core.Matching;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Core.Parsing;
using NewsWatcher.Core.Subscribers;
using NewsWatcher.Delivery.Mail;

namespace NewsWatcher.Tests.Mail;

/// <summary>Digests and messages for mail tests, built through the real composer and renderer.</summary>
internal static class MailSamples
{
    public const string From = "NewsWatcher <newswatcher@example.org>";
    public const string Host = "mail.example.org";

    public static readonly DateTimeOffset CreatedAt = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static (Digest Digest, RenderedDigest Rendered) Digest(string id = "d-42", string email = "ana@example.org", string title = "Truce agreed")
    {
        var subscriber = new Subscriber(email, email, "Ana", ["truce"], DigestCadence.Hourly, TimeZoneInfo.Utc, ImmediateUrgent: false);
        var article = new Article("a-1", "feed-1", title, "Both sides agreed to a truce.", "https://news.example/truce", CreatedAt.AddMinutes(-5));
        var match = new WatchMatch("truce", "Truce watch", "agreement", WatchPriority.Normal, [new MatchedTerm("truce", "summary", 22, 5)]);
        var digest = DigestComposer.Compose(id, new Route(subscriber), OutboxKind.Digest, [new DigestItem(article, [match])], CreatedAt);
        return (digest, DigestRenderer.Render(digest, new Dictionary<string, string>(StringComparer.Ordinal) { ["feed-1"] = "Example News" }));
    }

    public static MimeMessage Message(string id = "d-42", string email = "ana@example.org")
    {
        var (digest, rendered) = Digest(id, email);
        return DigestMessageFactory.Create(digest, rendered, From, Host);
    }
}
