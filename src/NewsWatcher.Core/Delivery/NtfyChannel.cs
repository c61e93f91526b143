using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using NewsWatcher.Core.Configuration;

namespace NewsWatcher.Core.Delivery;

/// <summary>
/// <c>type: ntfy</c>: a topic on an ntfy server (Channels:NtfyUrl unless the entry names one), with an optional access
/// token kept as a secret. The notification is published as JSON: the subject as title, the headlines as the (plain text) message, priority 5
/// for an urgent match and 3 otherwise, the top story's link as the click action, and an unsubscribe button.
/// </summary>
public sealed partial class NtfyChannel : ChannelKind
{
    /// <summary>ntfy turns longer messages into attachments; stay below it.</summary>
    public const int MaxMessageBytes = 4000;

    public const int UrgentPriority = 5;
    public const int DefaultPriority = 3;

    private NtfyChannel()
        : base("ntfy")
    {
    }

    public static NtfyChannel Instance { get; } = new();

    private static readonly PlainMarkup Plain = new();

    public override IReadOnlyList<string> Keys { get; } = ["topic", "server", "token_file", "token_env"];

    public override IReadOnlyList<string> Render(ChannelSettings channel, Digest digest, IReadOnlyDictionary<string, string> feedNames, string? unsubscribeUrl)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return [Render(digest, feedNames, channel.Topic ?? "", unsubscribeUrl)];
    }

    public override string Detail(ChannelSettings channel) => channel?.Topic is { } topic ? $" topic {topic}" : "";

    internal override ChannelSettings Read(ChannelFields fields, ChannelSettings channel)
    {
        var topic = fields.Text("topic", required: true);
        if (topic is not null && !TopicPattern().IsMatch(topic))
        {
            fields.Error("topic", $"topic '{topic}' must be letters, digits, '-' or '_' (at most 64)");
        }

        return channel with
        {
            Topic = topic,
            Url = fields.HttpUrl("server", required: false),
            Secret = fields.Secret("token", required: false, "the access token"),
        };
    }

    public static string Render(Digest digest, IReadOnlyDictionary<string, string> feedNames, string topic, string? unsubscribeUrl)
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(feedNames);
        var stories = digest.Sections.SelectMany(s => s.Items.Select(i => ChannelText.Of(i, digest, feedNames))).ToList();
        var message = new StringBuilder();
        foreach (var story in stories)
        {
            var line = story.Entry(Plain);
            if (Encoding.UTF8.GetByteCount(message.ToString()) + Encoding.UTF8.GetByteCount(line) > MaxMessageBytes - 100)
            {
                message.Append("…and more");
                break;
            }

            message.Append(line);
        }

        if (ChannelText.Omitted(digest) is { } omitted)
        {
            message.Append(omitted);
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("topic", topic);
            json.WriteString("title", MailText.Truncate(MailText.SingleLine(digest.Subject), 200));
            json.WriteString("message", message.ToString().TrimEnd());
            json.WriteNumber("priority", ChannelText.IsUrgent(digest) ? UrgentPriority : DefaultPriority);
            json.WriteStartArray("tags");
            foreach (var section in digest.Sections)
            {
                json.WriteStringValue(section.Category);
            }

            json.WriteEndArray();
            if (stories.Select(s => s.Link).FirstOrDefault(l => l is not null) is { } click)
            {
                json.WriteString("click", click);
            }

            // ntfy shows at most three buttons: an alert's two newest earlier developments, then unsubscribe.
            var history = stories.Count == 1 ? stories[0].Earlier.Where(e => e.Link is not null).TakeLast(unsubscribeUrl is null ? 3 : 2).ToList() : [];
            if (unsubscribeUrl is not null || history.Count > 0)
            {
                json.WriteStartArray("actions");
                foreach (var (label, link) in history)
                {
                    View(json, MailText.Truncate(label, 40), link!);
                }

                if (unsubscribeUrl is not null)
                {
                    View(json, "Unsubscribe", unsubscribeUrl);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void View(Utf8JsonWriter json, string label, string url)
    {
        json.WriteStartObject();
        json.WriteString("action", "view");
        json.WriteString("label", label);
        json.WriteString("url", url);
        json.WriteEndObject();
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex TopicPattern();

    /// <summary>ntfy's message is plain text: nothing is escaped or marked up, and links are left to the click action and buttons.</summary>
    private sealed class PlainMarkup : StoryMarkup
    {
        public override string Escape(string text) => text;

        public override string Link(string label, string url) => label;

        public override string Bold(string markup) => markup;

        public override string Italic(string markup) => markup;
    }
}
