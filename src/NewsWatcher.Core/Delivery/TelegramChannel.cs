using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using NewsWatcher.Core.Configuration;

namespace NewsWatcher.Core.Delivery;

/// <summary>
/// <c>type: telegram</c>: a bot's <c>sendMessage</c> to a chat, the bot token kept as a secret. Bodies are in HTML parse mode. Feed text is escaped by Telegram's rules (&amp;, &lt;, &gt;
/// and, inside href, the quote); a message longer than Telegram's 4,096 characters is split between stories, so every
/// part is valid HTML on its own.
/// </summary>
public sealed partial class TelegramChannel : ChannelKind
{
    /// <summary>Telegram's limit on a message's text.</summary>
    public const int MaxLength = 4096;

    private TelegramChannel()
        : base("telegram")
    {
    }

    public static TelegramChannel Instance { get; } = new();

    private static readonly HtmlMarkup Html = new();

    public override IReadOnlyList<string> Keys { get; } = ["chat_id", "token_file", "token_env"];

    public override IReadOnlyList<string> Render(ChannelSettings channel, Digest digest, IReadOnlyDictionary<string, string> feedNames, string? unsubscribeUrl)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return Render(digest, feedNames, channel.ChatId ?? "", unsubscribeUrl);
    }

    public override string? SecretProblem(string value, SecretSource source)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Any(c => char.IsWhiteSpace(c) || c == '/') ? $"the bot token in {source} has spaces or slashes in it" : null;
    }

    public override string Detail(ChannelSettings channel) => channel?.ChatId is { } chat ? $" chat {chat}" : "";

    internal override ChannelSettings Read(ChannelFields fields, ChannelSettings channel)
    {
        var chat = fields.Text("chat_id", required: true);
        if (chat is not null && !ChatPattern().IsMatch(chat))
        {
            fields.Error("chat_id", $"chat_id '{chat}' must be a chat number (e.g. -1001234567890) or @channelname");
        }

        return channel with { ChatId = chat, Secret = fields.Secret("token", required: true, "the bot token") };
    }

    /// <param name="chatId">The chat, as configured (a number or @channelname).</param>
    public static IReadOnlyList<string> Render(Digest digest, IReadOnlyDictionary<string, string> feedNames, string chatId, string? unsubscribeUrl)
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(feedNames);
        return [.. Texts(digest, feedNames, unsubscribeUrl).Select(text => Body(chatId, text))];
    }

    /// <summary>The HTML texts of the messages, each at most <see cref="MaxLength"/> characters.</summary>
    public static IReadOnlyList<string> Texts(Digest digest, IReadOnlyDictionary<string, string> feedNames, string? unsubscribeUrl)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var chunks = new List<string> { Html.Bold(Escape(MailText.SingleLine(digest.Subject))) + "\n" };
        foreach (var section in digest.Sections)
        {
            chunks.Add("\n" + Html.Bold(Escape(ChannelText.Heading(section))) + "\n");
            chunks.AddRange(section.Items.Select(item => Story(ChannelText.Of(item, digest, feedNames))));
        }

        if (ChannelText.Omitted(digest) is { } omitted)
        {
            chunks.Add($"\n{Escape(omitted)}\n");
        }

        if (unsubscribeUrl is not null)
        {
            chunks.Add("\n" + Html.Link("Unsubscribe or change preferences", unsubscribeUrl));
        }

        // Whole chunks only: a cut inside one could leave a tag open, and Telegram refuses unbalanced HTML. Every
        // chunk is far below the limit (titles, snippets and match lines are capped; escaping at most quintuples them).
        var messages = new List<string>();
        var current = new StringBuilder();
        foreach (var chunk in chunks)
        {
            if (current.Length + chunk.Length > MaxLength)
            {
                messages.Add(current.ToString().TrimEnd());
                current.Clear();
            }

            current.Append(chunk);
        }

        if (current.Length > 0)
        {
            messages.Add(current.ToString().TrimEnd());
        }

        return messages;
    }

    /// <summary>Escapes text for Telegram's HTML parse mode.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
    }

    private static string Attribute(string text) => Escape(text).Replace("\"", "&quot;", StringComparison.Ordinal);

    /// <summary>One story; hostile text that escapes to more than a message may hold loses its snippet, then its link.</summary>
    private static string Story(ChannelText text)
    {
        var full = StoryHtml(text);
        if (full.Length <= MaxLength / 2)
        {
            return full;
        }

        var short1 = StoryHtml(text with { Snippet = "", Also = null, Matched = MailText.Truncate(text.Matched, 100) });
        return short1.Length <= MaxLength / 2 ? short1 : StoryHtml(text with { Snippet = "", Also = null, Matched = "", Link = null, Earlier = [] });
    }

    /// <summary>A story as a chunk of its own: a list entry between line breaks.</summary>
    private static string StoryHtml(ChannelText text) => "\n" + Html.ListItem(text.Story(Html)) + "\n";

    private static string Body(string chatId, string text)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (long.TryParse(chatId, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var number))
            {
                json.WriteNumber("chat_id", number);
            }
            else
            {
                json.WriteString("chat_id", chatId);
            }

            json.WriteString("text", text);
            json.WriteString("parse_mode", "HTML");
            json.WriteStartObject("link_preview_options");
            json.WriteBoolean("is_disabled", true);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Telegram's HTML: bold and italic tags, links as &lt;a href&gt;; the meta line in italics, why it matched plain.</summary>
    private sealed class HtmlMarkup : StoryMarkup
    {
        public override string Escape(string text) => TelegramChannel.Escape(text);

        public override string Link(string label, string url) => $"<a href=\"{Attribute(url)}\">{Escape(label)}</a>";

        public override string Bold(string markup) => $"<b>{markup}</b>";

        public override string Italic(string markup) => $"<i>{markup}</i>";

        public override string Meta(string meta) => Italic(Escape(meta));

        public override string? Matched(string matched) => matched.Length == 0 ? null : Escape(matched);
    }

    [GeneratedRegex("^(-?[0-9]{1,20}|@[A-Za-z0-9_]{4,64})$")]
    private static partial Regex ChatPattern();
}
