using System.Text.Json;
using NewsWatcher.Core.Configuration;
using NewsWatcher.Core.Outbox;

namespace NewsWatcher.Core.Delivery;

/// <summary>
/// <c>type: webhook</c>: a JSON POST to the subscriber's URL, signed per Standard Webhooks (<see cref="WebhookSignature"/>)
/// with a <c>whsec_</c> secret. The document is one alert or digest in the Standard Webhooks shape (<c>type</c>,
/// <c>timestamp</c>, <c>data</c>); field names are snake_case and stable; new fields may be added.
/// </summary>
public sealed class WebhookChannel : ChannelKind
{
    public const string AlertType = "newswatcher.alert";
    public const string DigestType = "newswatcher.digest";

    private WebhookChannel()
        : base("webhook")
    {
    }

    public static WebhookChannel Instance { get; } = new();

    public override IReadOnlyList<string> Keys { get; } = ["url", "secret_file", "secret_env"];

    public override IReadOnlyList<string> Render(ChannelSettings channel, Digest digest, IReadOnlyDictionary<string, string> feedNames, string? unsubscribeUrl) =>
        [Render(digest, feedNames, unsubscribeUrl)];

    public override string? SecretProblem(string value, SecretSource source) =>
        WebhookSignature.ParseSecret(value) is null
            ? $"the secret in {source} is not a Standard Webhooks secret (whsec_ followed by base64 of 24 to 64 bytes)"
            : null;

    internal override ChannelSettings Read(ChannelFields fields, ChannelSettings channel) => channel with
    {
        Url = fields.HttpUrl("url", required: true),
        Secret = fields.Secret("secret", required: true, "the signing secret (whsec_...)"),
    };

    public static string Render(Digest digest, IReadOnlyDictionary<string, string> feedNames, string? unsubscribeUrl)
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(feedNames);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", digest.Outbox == OutboxKind.Alert ? AlertType : DigestType);
            json.WriteString("timestamp", digest.CreatedAt.UtcDateTime);
            json.WriteStartObject("data");
            json.WriteString("id", digest.Id);
            json.WriteString("subscriber", digest.Route.Email);
            json.WriteString("channel", digest.Route.Channel?.Id ?? "email");
            json.WriteString("subject", MailText.SingleLine(digest.Subject));
            json.WriteStartArray("items");
            foreach (var section in digest.Sections)
            {
                foreach (var item in section.Items)
                {
                    WriteItem(json, item, section.Category, feedNames);
                }
            }

            json.WriteEndArray();
            json.WriteNumber("omitted", digest.OmittedCount);
            if (unsubscribeUrl is not null)
            {
                json.WriteString("unsubscribe_url", unsubscribeUrl);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteItem(Utf8JsonWriter json, DigestItem item, string category, IReadOnlyDictionary<string, string> feedNames)
    {
        var article = item.Article;
        json.WriteStartObject();
        json.WriteString("id", article.Id);
        json.WriteString("title", article.Title);
        json.WriteString("summary", article.Summary);
        json.WriteString("link", DigestRenderer.SafeLink(article.Link));
        json.WriteString("category", category);

        // The article's stage (its digest section) and, for stages that name one, who acted; null when none was named.
        json.WriteString("stage", DigestComposer.PrimaryCategory(item));
        if (item.Actor is { Length: > 0 } actor)
        {
            json.WriteString("actor", actor);
        }
        else
        {
            json.WriteNull("actor");
        }

        json.WriteString("published", article.Published.UtcDateTime);
        json.WriteStartObject("source");
        json.WriteString("feed", article.FeedId);
        json.WriteString("name", ChannelText.OutletName(article.FeedId, feedNames));
        json.WriteEndObject();
        // The watch that decided the stage and the article's words that matched it, as every reader-facing text says it;
        // rule syntax and the generic watches that also fired stay with the editors' tools.
        json.WriteStartArray("matches");
        if (MatchReason.Deciding(item) is { } match)
        {
            json.WriteStartObject();
            json.WriteString("watch", match.WatchId);
            json.WriteString("name", match.WatchName);
            json.WriteString("category", match.Category);
            json.WriteString("priority", match.Priority.ToString().ToLowerInvariant());
            json.WriteStartArray("words");
            foreach (var word in MatchReason.Words(item, match))
            {
                json.WriteStringValue(word);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteNumber("source_count", item.SourceCount);
        json.WriteStartArray("story_sources");
        foreach (var source in item.AlsoReportedBy)
        {
            json.WriteStartObject();
            json.WriteString("feed", source.FeedId);
            json.WriteString("name", ChannelText.OutletName(source.FeedId, feedNames));
            json.WriteString("title", source.Title);
            json.WriteString("link", DigestRenderer.SafeLink(source.Link));
            json.WriteString("published", source.Published.UtcDateTime);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        WriteStory(json, item, feedNames);
        json.WriteEndObject();
    }

    /// <summary>The truce thread: its id and name, this item's development and the developments before it; null for items in no thread.</summary>
    private static void WriteStory(Utf8JsonWriter json, DigestItem item, IReadOnlyDictionary<string, string> feedNames)
    {
        if (item.Thread is not { } thread)
        {
            json.WriteNull("story");
            return;
        }

        json.WriteStartObject("story");
        json.WriteString("id", thread.Id);
        json.WriteString("name", thread.Name);
        json.WriteBoolean("new_development", thread.IsNewDevelopment);
        json.WriteString("url", DigestRenderer.SafeLink(thread.Url));
        json.WritePropertyName("development");
        WriteDevelopment(json, thread.Development, feedNames);
        json.WriteStartArray("developments");
        foreach (var development in thread.Earlier)
        {
            WriteDevelopment(json, development, feedNames);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteDevelopment(Utf8JsonWriter json, Dedup.ThreadDevelopment development, IReadOnlyDictionary<string, string> feedNames)
    {
        json.WriteStartObject();
        json.WriteString("stage", development.Stage);
        if (development.Actor is { Length: > 0 } actor)
        {
            json.WriteString("actor", actor);
        }
        else
        {
            json.WriteNull("actor");
        }

        json.WriteString("label", development.Label);
        json.WriteString("at", development.At.UtcDateTime);
        json.WriteString("title", development.Title);
        json.WriteString("link", DigestRenderer.SafeLink(development.Link));
        json.WriteString("source", ChannelText.OutletName(development.FeedId, feedNames));
        json.WriteNumber("source_count", development.SourceCount);
        json.WriteEndObject();
    }
}
