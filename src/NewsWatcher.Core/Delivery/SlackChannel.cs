using System.Text;
using System.Text.Json;
using NewsWatcher.Core.Configuration;

namespace NewsWatcher.Core.Delivery;

/// <summary>
/// <c>type: slack</c>: a Slack incoming webhook, its URL (it embeds a token) kept as a secret. Messages are Block Kit: a header, a section per story with its linked headline, and a context
/// line with the unsubscribe link. Feed text is escaped for mrkdwn (&amp;, &lt;, &gt;), so it cannot mention
/// <c>@channel</c> or smuggle a link. More stories than one message may hold go out as several messages.
/// </summary>
public sealed class SlackChannel : ChannelKind
{
    /// <summary>Slack refuses messages with more blocks than this.</summary>
    public const int MaxBlocks = 50;

    /// <summary>Slack's limit for a header's text.</summary>
    public const int MaxHeaderLength = 150;

    /// <summary>Slack's limit for a section's text.</summary>
    public const int MaxSectionLength = 3000;

    private SlackChannel()
        : base("slack")
    {
    }

    public static SlackChannel Instance { get; } = new();

    private static readonly MrkdwnMarkup Mrkdwn = new();

    public override IReadOnlyList<string> Keys { get; } = ["url_file", "url_env"];

    public override IReadOnlyList<string> Render(ChannelSettings channel, Digest digest, IReadOnlyDictionary<string, string> feedNames, string? unsubscribeUrl) =>
        Render(digest, feedNames, unsubscribeUrl);

    /// <summary>The secret is the webhook's whole URL or only its path (T…/B…/…, under Channels:SlackUrl).</summary>
    public override string? SecretProblem(string value, SecretSource source) =>
        !Uri.TryCreate(value, UriKind.Absolute, out _) && value.Contains("://", StringComparison.Ordinal)
            ? $"the Slack URL in {source} is not a valid URL"
            : null;

    internal override ChannelSettings Read(ChannelFields fields, ChannelSettings channel) =>
        channel with { Secret = fields.Secret("url", required: true, "the incoming-webhook URL (it embeds a token)") };

    public static IReadOnlyList<string> Render(Digest digest, IReadOnlyDictionary<string, string> feedNames, string? unsubscribeUrl)
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(feedNames);
        var subject = MailText.SingleLine(digest.Subject);
        var blocks = new List<Action<Utf8JsonWriter>>();
        foreach (var section in digest.Sections)
        {
            var heading = ChannelText.Heading(section);
            blocks.Add(json => Section(json, Mrkdwn.Bold(Escape(heading))));
            foreach (var item in section.Items)
            {
                var text = ChannelText.Of(item, digest, feedNames);
                blocks.Add(json => Section(json, Story(text)));
            }
        }

        var footer = new StringBuilder();
        if (ChannelText.Omitted(digest) is { } omitted)
        {
            footer.Append(Escape(omitted)).Append(" · ");
        }

        footer.Append(unsubscribeUrl is null ? "NewsWatcher" : Mrkdwn.Link("Unsubscribe or change preferences", unsubscribeUrl));

        // Header and footer take two blocks of every message.
        var perMessage = MaxBlocks - 2;
        var messages = new List<string>();
        for (var start = 0; start == 0 || start < blocks.Count; start += perMessage)
        {
            var part = blocks.Skip(start).Take(perMessage).ToList();
            var continued = start > 0 ? " (continued)" : "";
            messages.Add(Message(subject + continued, part, footer.ToString()));
        }

        return messages;
    }

    /// <summary>Escapes text for Slack mrkdwn: only &amp;, &lt; and &gt; are control characters there.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
    }

    /// <summary>A story's section text, cut at Slack's limit.</summary>
    private static string Story(ChannelText text)
    {
        var result = text.Story(Mrkdwn);
        return result.Length <= MaxSectionLength ? result : result[..MaxSectionLength];
    }

    /// <summary>A URL inside &lt;…|…&gt;: the characters that would end it are percent-encoded.</summary>
    private static string LinkTarget(string url) =>
        url.Replace("|", "%7C", StringComparison.Ordinal).Replace("<", "%3C", StringComparison.Ordinal).Replace(">", "%3E", StringComparison.Ordinal).Replace(" ", "%20", StringComparison.Ordinal);

    private static string Message(string subject, List<Action<Utf8JsonWriter>> blocks, string footer)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("text", Escape(subject));
            json.WriteBoolean("unfurl_links", false);
            json.WriteBoolean("unfurl_media", false);
            json.WriteStartArray("blocks");
            json.WriteStartObject();
            json.WriteString("type", "header");
            json.WriteStartObject("text");
            json.WriteString("type", "plain_text");
            json.WriteString("text", MailText.Truncate(subject, MaxHeaderLength - 1));
            json.WriteEndObject();
            json.WriteEndObject();
            foreach (var block in blocks)
            {
                block(json);
            }

            json.WriteStartObject();
            json.WriteString("type", "context");
            json.WriteStartArray("elements");
            json.WriteStartObject();
            json.WriteString("type", "mrkdwn");
            json.WriteString("text", footer);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Section(Utf8JsonWriter json, string mrkdwn)
    {
        json.WriteStartObject();
        json.WriteString("type", "section");
        json.WriteStartObject("text");
        json.WriteString("type", "mrkdwn");
        json.WriteString("text", mrkdwn);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>
    /// Slack mrkdwn: *bold*, _italic_, links as &lt;url|label&gt; (a bar in a label would end it, so it shows as ¦). The
    /// headline is bold, linked or not; why it matched is always said.
    /// </summary>
    private sealed class MrkdwnMarkup : StoryMarkup
    {
        public override string Escape(string text) => SlackChannel.Escape(text);

        public override string Link(string label, string url) => $"<{LinkTarget(url)}|{Label(label)}>";

        public override string Bold(string markup) => $"*{markup}*";

        public override string Italic(string markup) => $"_{markup}_";

        public override string? Headline(string title, string? link) => Bold(link is null ? Label(title) : Link(title, link));

        public override string? Matched(string matched) => Italic(Escape(matched));

        private string Label(string label) => Escape(label).Replace("|", "¦", StringComparison.Ordinal);
    }
}
