using System.Text;
using System.Text.Json;
using NewsWatcher.Core.Digests;

namespace NewsWatcher.Core.Channels;

/// <summary>
/// Telegram <c>sendMessage</c> bodies in HTML parse mode. Feed text is escaped by Telegram's rules (&amp;, &lt;, &gt;
/// and, inside href, the quote); a message longer than Telegram's 4,096 characters is split between stories, so every
/// part is valid HTML on its own.
/// </summary>
public static class TelegramPayload
{
    /// <summary>Telegram's limit on a message's text.</summary>
    public const int MaxLength = 4096;

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
        var chunks = new List<string> { $"<b>{Escape(MailText.SingleLine(digest.Subject))}</b>\n" };
        foreach (var section in digest.Sections)
        {
            chunks.Add($"\n<b>{Escape(ChannelText.Heading(section))}</b>\n");
            chunks.AddRange(section.Items.Select(item => Story(ChannelText.Of(item, digest, feedNames))));
        }

        if (ChannelText.Omitted(digest) is { } omitted)
        {
            chunks.Add($"\n{Escape(omitted)}\n");
        }

        if (unsubscribeUrl is not null)
        {
            chunks.Add($"\n<a href=\"{Attribute(unsubscribeUrl)}\">Unsubscribe or change preferences</a>");
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

    private static string StoryHtml(ChannelText text)
    {
        var line = new StringBuilder("\n• ");
        line.Append(text.Link is null ? $"<b>{Escape(text.Title)}</b>" : $"<a href=\"{Attribute(text.Link)}\">{Escape(text.Title)}</a>");
        line.Append('\n').Append("<i>").Append(Escape(text.Meta)).Append("</i>");
        if (text.Snippet.Length > 0)
        {
            line.Append('\n').Append(Escape(text.Snippet));
        }

        if (text.Also is not null)
        {
            line.Append('\n').Append(Escape(text.Also));
        }

        if (text.Earlier.Count > 0)
        {
            var earlier = text.Earlier.Select(e => e.Link is null ? Escape(e.Line) : $"<a href=\"{Attribute(e.Link)}\">{Escape(e.Line)}</a>");
            line.Append('\n').Append("Earlier: ").Append(string.Join(" · ", earlier));
        }

        if (text.StoryUrl is { } story)
        {
            line.Append(text.Earlier.Count > 0 ? " · " : "\n").Append("<a href=\"").Append(Attribute(story)).Append("\">The story so far</a>");
        }

        if (text.Matched.Length > 0)
        {
            line.Append('\n').Append(Escape(text.Matched));
        }

        return line.Append('\n').ToString();
    }

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
}
