using System.Globalization;
using System.Text;

namespace NewsWatcher.Tests.Infrastructure;

/// <summary>An RSS document whose items carry the publication times a test chooses, plus optional channel links (a WebSub hub).</summary>
internal static class TimedRss
{
    /// <param name="channelExtra">Raw XML put inside the channel before the items (atom:link elements).</param>
    public static byte[] Build(IEnumerable<(string Guid, string Title, DateTimeOffset Published)> items, string channelExtra = "")
    {
        var xml = new StringBuilder($"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Wire</title><link>https://news.example.org/</link><description>Wire</description>{channelExtra}""");
        foreach (var (guid, title, published) in items)
        {
            var text = System.Security.SecurityElement.Escape(title);
            xml.Append(CultureInfo.InvariantCulture, $"<item><guid>{guid}</guid><title>{text}</title><link>https://news.example.org/{guid}</link><description>{text}</description><pubDate>{published:R}</pubDate></item>");
        }

        return Encoding.UTF8.GetBytes(xml.Append("</channel></rss>").ToString());
    }
}
