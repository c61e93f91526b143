using System.Text;
using System.Text.Json;
using NewsWatcher.Core.Digests;

namespace NewsWatcher.Core.Channels;

/// <summary>
/// An ntfy notification published as JSON: the subject as title, the headlines as the (plain text) message, priority 5
/// for an urgent match and 3 otherwise, the top story's link as the click action, and an unsubscribe button.
/// </summary>
public static class NtfyPayload
{
    /// <summary>ntfy turns longer messages into attachments; stay below it.</summary>
    public const int MaxMessageBytes = 4000;

    public const int UrgentPriority = 5;
    public const int DefaultPriority = 3;

    public static string Render(Digest digest, IReadOnlyDictionary<string, string> feedNames, string topic, string? unsubscribeUrl)
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(feedNames);
        var stories = digest.Sections.SelectMany(s => s.Items.Select(i => ChannelText.Of(i, digest, feedNames))).ToList();
        var message = new StringBuilder();
        foreach (var story in stories)
        {
            var line = $"• {story.Title} — {story.Outlet} ({story.Development})\n";
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

            if (unsubscribeUrl is not null)
            {
                json.WriteStartArray("actions");
                json.WriteStartObject();
                json.WriteString("action", "view");
                json.WriteString("label", "Unsubscribe");
                json.WriteString("url", unsubscribeUrl);
                json.WriteEndObject();
                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
