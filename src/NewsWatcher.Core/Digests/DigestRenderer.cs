using System.Globalization;
using System.Net;
using System.Text;

namespace NewsWatcher.Core.Digests;

/// <summary>Renders a digest to a plain-text and an HTML part.</summary>
/// <remarks>
/// Every piece of feed text is untrusted: it is HTML-encoded in the HTML part, links are rendered only for http(s),
/// and the HTML uses inline styles only (mail clients drop &lt;style&gt; blocks and must never load remote content).
/// </remarks>
public static class DigestRenderer
{
    public const int MaxSummaryLength = 300;

    private const string FontStack = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
    private const string MutedStyle = "margin:0 0 4px;font-size:13px;line-height:1.4;color:#555555;";

    /// <param name="feedNames">Feed id to display name, for the "source" of each item.</param>
    public static RenderedDigest Render(Digest digest, IReadOnlyDictionary<string, string> feedNames)
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(feedNames);

        var subject = MailText.SingleLine(digest.Subject);
        return new RenderedDigest(subject, RenderText(digest, feedNames), RenderHtml(digest, subject, feedNames));
    }

    /// <summary>"25 Nov 2026 14:05 UTC+02:00" in the subscriber's zone; a bare "UTC" when the offset is zero.</summary>
    public static string FormatLocalTime(DateTimeOffset time, TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        var local = TimeZoneInfo.ConvertTime(time, timeZone);
        var offset = local.Offset;
        var zone = offset == TimeSpan.Zero
            ? "UTC"
            : string.Create(CultureInfo.InvariantCulture, $"UTC{(offset < TimeSpan.Zero ? '-' : '+')}{offset.Duration():hh\\:mm}");
        return local.ToString("d MMM yyyy HH:mm", CultureInfo.InvariantCulture) + " " + zone;
    }

    /// <summary>The link as an absolute http(s) URI, or null for anything else (javascript:, data:, relative, malformed).</summary>
    public static string? SafeLink(string? link)
    {
        if (string.IsNullOrWhiteSpace(link)
            || !Uri.TryCreate(link.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return null;
        }

        return uri.AbsoluteUri;
    }

    private static string RenderText(Digest digest, IReadOnlyDictionary<string, string> feedNames)
    {
        var text = new StringBuilder();
        text.AppendLine(Heading(digest));
        text.AppendLine();
        foreach (var section in digest.Sections)
        {
            text.Append("== ").Append(DigestCategories.Title(section.Category))
                .Append(" (").Append(section.Items.Count.ToString(CultureInfo.InvariantCulture)).AppendLine(") ==");
            text.AppendLine();
            foreach (var item in section.Items)
            {
                var article = item.Article;
                text.Append("* ").AppendLine(Title(article.Title));
                var link = SafeLink(article.Link);
                if (link is not null)
                {
                    text.Append("  ").AppendLine(link);
                }

                text.Append("  ").Append(MailText.SingleLine(Source(article.FeedId, feedNames)))
                    .Append(" · ").AppendLine(Published(article, digest.Subscriber.TimeZone));
                var summary = MailText.SingleLine(article.Summary);
                if (summary.Length > 0)
                {
                    text.Append("  ").AppendLine(MailText.Truncate(summary, MaxSummaryLength));
                }

                text.Append("  ").AppendLine(MailText.SingleLine(MatchedLine(item)));
                text.AppendLine();
            }
        }

        text.AppendLine("-- ");
        text.AppendLine(Footer(digest));
        return text.ToString();
    }

    private static string RenderHtml(Digest digest, string subject, IReadOnlyDictionary<string, string> feedNames)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
            .Append("<title>").Append(Encode(subject)).Append("</title></head>\n")
            .Append("<body style=\"margin:0;padding:0;background:#f2f2f2;\">\n")
            .Append("<div style=\"max-width:640px;margin:0 auto;padding:16px;background:#ffffff;font-family:").Append(FontStack)
            .Append(";font-size:16px;line-height:1.5;color:#1a1a1a;overflow-wrap:break-word;word-wrap:break-word;\">\n")
            .Append("<h1 style=\"margin:0 0 16px;font-size:20px;line-height:1.3;\">").Append(Encode(Heading(digest))).Append("</h1>\n");

        foreach (var section in digest.Sections)
        {
            html.Append("<h2 style=\"margin:24px 0 8px;padding-bottom:4px;font-size:17px;line-height:1.3;border-bottom:2px solid #d0d0d0;\">")
                .Append(Encode(DigestCategories.Title(section.Category)))
                .Append(" <span style=\"font-weight:normal;color:#555555;\">(")
                .Append(section.Items.Count.ToString(CultureInfo.InvariantCulture)).Append(")</span></h2>\n");
            foreach (var item in section.Items)
            {
                RenderHtmlItem(html, item, digest.Subscriber.TimeZone, feedNames);
            }
        }

        html.Append("<p style=\"margin:24px 0 0;padding-top:12px;border-top:1px solid #e0e0e0;font-size:12px;line-height:1.4;color:#666666;\">")
            .Append(Encode(Footer(digest))).Append("</p>\n</div>\n</body></html>\n");
        return html.ToString();
    }

    private static void RenderHtmlItem(StringBuilder html, DigestItem item, TimeZoneInfo timeZone, IReadOnlyDictionary<string, string> feedNames)
    {
        var article = item.Article;
        var terms = item.Matches.SelectMany(m => m.Terms).ToList();

        // Spans index into the original text, so highlight first-hand text; a blank title gets a placeholder without marks.
        var title = string.IsNullOrWhiteSpace(article.Title)
            ? Encode(Title(article.Title))
            : TermHighlighter.Highlight(article.Title, "title", terms);

        html.Append("<div style=\"margin:0 0 16px;padding:0 0 12px;border-bottom:1px solid #eeeeee;\">\n")
            .Append("<p style=\"margin:0 0 4px;font-size:17px;line-height:1.35;font-weight:bold;\">");
        var link = SafeLink(article.Link);
        if (link is null)
        {
            html.Append(title);
        }
        else
        {
            html.Append("<a href=\"").Append(Encode(link)).Append("\" style=\"color:#0b57d0;text-decoration:underline;\">")
                .Append(title).Append("</a>");
        }

        html.Append("</p>\n<p style=\"").Append(MutedStyle).Append("\">")
            .Append(Encode(Source(article.FeedId, feedNames))).Append(" · ")
            .Append(Encode(Published(article, timeZone))).Append("</p>\n");

        var summary = article.Summary ?? "";
        if (!string.IsNullOrWhiteSpace(summary))
        {
            // Cut the original (not a re-spaced copy) so the matcher's offsets still line up with the snippet.
            var cut = MailText.CutLength(summary, MaxSummaryLength);
            html.Append("<p style=\"margin:0 0 4px;\">")
                .Append(TermHighlighter.Highlight(summary[..cut], "summary", terms))
                .Append(cut < summary.Length ? "…" : "").Append("</p>\n");
        }

        html.Append("<p style=\"").Append(MutedStyle).Append("\">").Append(Encode(MatchedLine(item))).Append("</p>\n</div>\n");
    }

    private static string Heading(Digest digest)
    {
        var count = digest.ItemCount;
        var noun = count == 1 ? "story" : "stories";
        var kind = digest.Channel == DeliveryChannel.Alert ? "NewsWatcher alert" : "NewsWatcher digest";
        return string.Create(CultureInfo.InvariantCulture, $"{kind}: {count} new {noun}");
    }

    private static string Title(string? title)
    {
        var line = MailText.SingleLine(title);
        return line.Length == 0 ? "(untitled)" : line;
    }

    private static string Source(string feedId, IReadOnlyDictionary<string, string> feedNames) =>
        feedNames.TryGetValue(feedId, out var name) && !string.IsNullOrWhiteSpace(name) ? name : feedId;

    private static string Published(Articles.Article article, TimeZoneInfo timeZone)
    {
        var time = FormatLocalTime(article.Published, timeZone);
        return article.PublishedIsFirstSeen ? "first seen " + time : time;
    }

    private static string MatchedLine(DigestItem item)
    {
        var names = item.Matches.Select(m => m.WatchName).Distinct(StringComparer.Ordinal);
        var terms = item.Matches.SelectMany(m => m.Terms).Select(t => t.Term).Distinct(StringComparer.OrdinalIgnoreCase);
        return $"Matched: {string.Join(", ", names)} — terms: {string.Join(", ", terms)}";
    }

    private static string Footer(Digest digest)
    {
        var subscriber = digest.Subscriber;
        var follows = Follows(digest);
        var cadence = $"{subscriber.Cadence} ({subscriber.TimeZone.Id})";
        var why = digest.Channel == DeliveryChannel.Alert
            ? $"This is an immediate alert for urgent matches; everything else arrives in your {cadence} digest."
            : $"You get this digest {cadence}.";
        return $"You receive this because you follow {follows} on NewsWatcher. {why}";
    }

    private static string Follows(Digest digest)
    {
        var watches = digest.Subscriber.Watches;
        if (watches.Contains("*"))
        {
            return "all watches";
        }

        // Show names where this digest tells us them; ids otherwise, since the subscriber file lists ids.
        var names = digest.Sections
            .SelectMany(s => s.Items)
            .SelectMany(i => i.Matches)
            .GroupBy(m => m.WatchId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().WatchName, StringComparer.Ordinal);
        var shown = watches.Select(id => names.TryGetValue(id, out var name) ? name : id).ToList();
        return shown.Count == 0 ? "no watches" : string.Join(", ", shown);
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
