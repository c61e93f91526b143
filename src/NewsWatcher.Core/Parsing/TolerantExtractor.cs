using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace NewsWatcher.Core.Parsing;

/// <summary>
/// Last resort for a document that is still not XML after repairs (truncated, an unterminated CDATA section, an
/// undeclared prefix): finds each complete item or entry by its tags and rebuilds a small, clean RSS document from
/// the fields a reader needs, so one broken byte does not lose every readable item.
/// </summary>
internal static partial class TolerantExtractor
{
    private const int MaxItems = 5000;

    /// <summary>The rebuilt document and its item count, or null when nothing feed-like was found.</summary>
    public static (XDocument Document, int Items)? Extract(string text)
    {
        var rootName = FirstElement().Match(text);
        if (!rootName.Success || rootName.Groups["name"].Value is not ("rss" or "feed" or "RDF" or "channel" or "entry"))
        {
            return null;
        }

        var channel = new XElement("channel");
        var firstItem = ItemBlock().Match(text);
        var head = firstItem.Success ? text[..firstItem.Index] : text;
        if (Field(head, "link") is { } channelLink)
        {
            channel.Add(channelLink);
        }

        var count = 0;
        for (var m = firstItem; m.Success && count < MaxItems; m = m.NextMatch())
        {
            var item = new XElement("item");
            foreach (var name in (string[])["title", "link", "guid", "id", "description", "summary", "content", "encoded", "pubDate", "published", "updated", "date", "issued", "modified"])
            {
                if (Field(m.Groups["body"].Value, name) is { } field)
                {
                    item.Add(field);
                }
            }

            if (item.HasElements)
            {
                channel.Add(item);
                count++;
            }
        }

        return (new XDocument(new XElement("rss", channel)), count);
    }

    private static XElement? Field(string block, string name)
    {
        foreach (Match m in FieldPattern().Matches(block))
        {
            if (!m.Groups["name"].Value.Equals(name, StringComparison.Ordinal))
            {
                continue;
            }

            var element = new XElement(name);
            foreach (Match attribute in AttributePattern().Matches(m.Groups["attrs"].Value))
            {
                var attributeName = attribute.Groups["name"].Value;
                if (attributeName is "href" or "rel" or "type" or "isPermaLink")
                {
                    element.SetAttributeValue(attributeName, WebUtility.HtmlDecode(attribute.Groups["value"].Value));
                }
            }

            if (m.Groups["value"].Success)
            {
                element.Value = RemoveInvalid(TextOf(m.Groups["value"].Value));
            }

            return element;
        }

        return null;
    }

    /// <summary>CDATA (even unterminated) is literal; everything else is entity-decoded as a browser would.</summary>
    private static string TextOf(string raw)
    {
        var cdata = raw.IndexOf("<![CDATA[", StringComparison.Ordinal);
        if (cdata < 0)
        {
            return WebUtility.HtmlDecode(raw);
        }

        var inner = raw[(cdata + 9)..];
        var end = inner.IndexOf("]]>", StringComparison.Ordinal);
        return string.Concat(WebUtility.HtmlDecode(raw[..cdata]), end < 0 ? inner : inner[..end]);
    }

    private static string RemoveInvalid(string s) => InvalidXmlChar().Replace(s, string.Empty);

    [GeneratedRegex(@"<(?:[\w\-.]+:)?(?<name>[A-Za-z][\w\-.]*)[\s>/]", RegexOptions.CultureInvariant)]
    private static partial Regex FirstElement();

    [GeneratedRegex(@"<(?:[\w\-.]+:)?(?<tag>item|entry)\b[^>]*>(?<body>.*?)</(?:[\w\-.]+:)?\k<tag>\s*>", RegexOptions.Singleline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex ItemBlock();

    [GeneratedRegex(@"<(?:[\w\-.]+:)?(?<name>[A-Za-z][\w\-.]*)(?<attrs>(?:\s[^<>]*?)?)(?:/>|>(?<value>.*?)</(?:[\w\-.]+:)?\k<name>\s*>)", RegexOptions.Singleline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 2000)]
    private static partial Regex FieldPattern();

    [GeneratedRegex(@"(?<name>[\w\-.:]+)\s*=\s*[""'](?<value>[^""']*)[""']", RegexOptions.CultureInvariant)]
    private static partial Regex AttributePattern();

    [GeneratedRegex(@"[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]", RegexOptions.CultureInvariant)]
    private static partial Regex InvalidXmlChar();
}
