using System.Text;
using System.Text.Json;
using NewsWatcher.Core.Configuration;

namespace NewsWatcher.Core.Delivery;

/// <summary>
/// <c>type: discord</c>: a Discord channel webhook, its URL (it embeds a token) kept as a secret. A message is
/// <c>{"content", "embeds", "allowed_mentions"}</c>: the subject as content, one embed per story (the linked headline,
/// then the development, outlet, time, snippet and why it matched), and the unsubscribe link. Feed text is escaped for
/// Discord's markdown and no mention is parsed, so no headline can ping anyone or carry a masked link. More stories than
/// one message may hold go out as several messages.
/// </summary>
public sealed class DiscordChannel : ChannelKind
{
    /// <summary>Discord's limit on a message's content.</summary>
    public const int MaxContentLength = 2000;

    /// <summary>Discord's limit on embeds in one message.</summary>
    public const int MaxEmbeds = 10;

    /// <summary>Discord's limit on an embed's title.</summary>
    public const int MaxTitleLength = 256;

    /// <summary>Discord's limit on an embed's description.</summary>
    public const int MaxDescriptionLength = 4096;

    /// <summary>Discord's limit on the text of all embeds of one message together.</summary>
    public const int MaxEmbedTextLength = 6000;

    private const int UrgentColor = 0xC0392B;
    private const int DefaultColor = 0x2E86C1;

    private DiscordChannel()
        : base("discord")
    {
    }

    public static DiscordChannel Instance { get; } = new();

    private static readonly MarkdownMarkup Markdown = new();

    public override IReadOnlyList<string> Keys { get; } = ["url_file", "url_env"];

    public override IReadOnlyList<string> Render(ChannelSettings channel, Digest digest, IReadOnlyDictionary<string, string> feedNames, string? unsubscribeUrl) =>
        Render(digest, feedNames, unsubscribeUrl);

    /// <summary>The secret is the webhook's whole URL (https://discord.com/api/webhooks/ID/TOKEN).</summary>
    public override string? SecretProblem(string value, SecretSource source) =>
        Uri.TryCreate(value, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
            ? null
            : $"the Discord webhook URL in {source} is not an absolute http(s) URL";

    internal override ChannelSettings Read(ChannelFields fields, ChannelSettings channel) =>
        channel with { Secret = fields.Secret("url", required: true, "the webhook URL (it embeds a token)") };

    public static IReadOnlyList<string> Render(Digest digest, IReadOnlyDictionary<string, string> feedNames, string? unsubscribeUrl)
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(feedNames);
        var embeds = digest.Sections.SelectMany(s => s.Items)
            .Select(i => ToEmbed(ChannelText.Of(i, digest, feedNames), i.Matches.Any(m => m.Priority == Matching.WatchPriority.Urgent)))
            .ToList();

        // Whole embeds per message, within the count and the shared text limit (every embed is far below it alone).
        var messages = new List<List<Embed>> { new() };
        foreach (var embed in embeds)
        {
            var current = messages[^1];
            if (current.Count == MaxEmbeds || (current.Count > 0 && current.Sum(e => e.TextLength) + embed.TextLength > MaxEmbedTextLength))
            {
                messages.Add(current = []);
            }

            current.Add(embed);
        }

        var subject = MailText.Truncate(MailText.SingleLine(digest.Subject), MaxTitleLength);
        var footer = new StringBuilder();
        if (ChannelText.Omitted(digest) is { } omitted)
        {
            footer.Append('\n').Append(Escape(omitted));
        }

        if (unsubscribeUrl is not null)
        {
            footer.Append('\n').Append(Markdown.Link("Unsubscribe or change preferences", unsubscribeUrl));
        }

        return [.. messages.Select((part, i) => Message(
            Markdown.Bold(Escape(subject)) + (i > 0 ? " (continued)" : "") + (i == messages.Count - 1 ? footer.ToString() : ""),
            part))];
    }

    /// <summary>
    /// Escapes text for Discord's markdown: every markdown character gets a backslash, and so do <c>@</c> and <c>&lt;</c>,
    /// so neither a mention nor a link syntax survives (mentions are also switched off per message).
    /// </summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (c is '\\' or '*' or '_' or '~' or '`' or '|' or '>' or '<' or '#' or '-' or '[' or ']' or '(' or ')' or '@')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    /// <summary>A URL inside [..](&lt;…&gt;): the characters that would end it are percent-encoded.</summary>
    private static string LinkTarget(string url) =>
        url.Replace(" ", "%20", StringComparison.Ordinal).Replace("<", "%3C", StringComparison.Ordinal).Replace(">", "%3E", StringComparison.Ordinal)
            .Replace("(", "%28", StringComparison.Ordinal).Replace(")", "%29", StringComparison.Ordinal);

    private static Embed ToEmbed(ChannelText text, bool urgent)
    {
        var description = Description(text);
        if (description.Length > MaxDescriptionLength)
        {
            // Hostile text that escapes to more than an embed may hold loses its snippet and earlier links first.
            description = Description(text with { Snippet = "", Also = null, Earlier = [] });
        }

        return new Embed(MailText.Truncate(text.Title, MaxTitleLength - 1), text.Link, MailText.Truncate(description, MaxDescriptionLength - 1), urgent ? UrgentColor : DefaultColor);
    }

    /// <summary>An embed's description: the story without its headline, which is the embed's title.</summary>
    private static string Description(ChannelText text) => text.Story(Markdown);

    private static string Message(string content, List<Embed> embeds)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("content", MailText.Truncate(content, MaxContentLength - 1));
            json.WriteStartArray("embeds");
            foreach (var embed in embeds)
            {
                json.WriteStartObject();
                json.WriteString("title", embed.Title);
                if (embed.Url is not null)
                {
                    json.WriteString("url", embed.Url);
                }

                json.WriteString("description", embed.Description);
                json.WriteNumber("color", embed.Color);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartObject("allowed_mentions");
            json.WriteStartArray("parse");
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private sealed record Embed(string Title, string? Url, string Description, int Color)
    {
        public int TextLength => Title.Length + Description.Length;
    }

    /// <summary>Discord's markdown: **bold**, *italic*, links as [label](&lt;url&gt;) so no preview unfurls; no headline line (the embed has a title).</summary>
    private sealed class MarkdownMarkup : StoryMarkup
    {
        public override string Escape(string text) => DiscordChannel.Escape(text);

        public override string Link(string label, string url) => $"[{Escape(label)}](<{LinkTarget(url)}>)";

        public override string Bold(string markup) => $"**{markup}**";

        public override string Italic(string markup) => $"*{markup}*";

        public override string? Headline(string title, string? link) => null;
    }
}
