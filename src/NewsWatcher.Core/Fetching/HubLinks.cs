using System.Text.RegularExpressions;
using System.Xml;

namespace NewsWatcher.Core.Fetching;

/// <summary>
/// A feed's WebSub hub and topic (W3C WebSub §4): from HTTP <c>Link</c> headers first, then the feed's own
/// <c>&lt;atom:link rel="hub"/"self"&gt;</c> (RSS channel) or <c>&lt;link rel=…&gt;</c> (Atom feed) before its first item.
/// </summary>
/// <param name="Hubs">Hub URLs, in the order given (a publisher may name several).</param>
/// <param name="Self">The topic URL the hub knows the feed by; null when the feed names none.</param>
public sealed partial record HubLinks(IReadOnlyList<Uri> Hubs, Uri? Self)
{
    private const string AtomNamespace = "http://www.w3.org/2005/Atom";

    public static HubLinks None { get; } = new([], null);

    /// <summary>The feed can be subscribed to: it names a hub and a self URL.</summary>
    public bool Pushable => Hubs.Count > 0 && Self is not null;

    /// <summary>Reads the links; the headers win over the document, as the spec asks. Never throws on a broken document.</summary>
    /// <param name="linkHeaders">The values of every <c>Link</c> header of the response.</param>
    public static HubLinks Discover(IEnumerable<string> linkHeaders, byte[]? document, Uri? baseUri)
    {
        ArgumentNullException.ThrowIfNull(linkHeaders);
        var hubs = new List<Uri>();
        Uri? self = null;
        foreach (Match link in LinkHeader().Matches(string.Join(',', linkHeaders)))
        {
            var rels = link.Groups["rel"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Add(link.Groups["url"].Value, rels, baseUri, hubs, ref self);
        }

        if (hubs.Count == 0 || self is null)
        {
            var (documentHubs, documentSelf) = FromDocument(document, baseUri);
            if (hubs.Count == 0)
            {
                hubs.AddRange(documentHubs);
            }

            self ??= documentSelf;
        }

        return new HubLinks(hubs, self);
    }

    private static (List<Uri> Hubs, Uri? Self) FromDocument(byte[]? document, Uri? baseUri)
    {
        var hubs = new List<Uri>();
        Uri? self = null;
        if (document is not { Length: > 0 })
        {
            return (hubs, self);
        }

        try
        {
            using var stream = new MemoryStream(document, writable: false);
            using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true });
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                // The feed-level links come before the items; an item's own links are not the feed's.
                if (reader.LocalName is "item" or "entry" && reader.Depth > 0)
                {
                    break;
                }

                if (reader.LocalName == "link" && reader.NamespaceURI == AtomNamespace && reader.GetAttribute("rel") is { } rel && reader.GetAttribute("href") is { } href)
                {
                    Add(href, rel.Split(' ', StringSplitOptions.RemoveEmptyEntries), baseUri, hubs, ref self);
                }
            }
        }
        catch (XmlException)
        {
            // A broken document still gets polled; it just cannot be pushed (unless its headers said how).
        }

        return (hubs, self);
    }

    private static void Add(string url, string[] rels, Uri? baseUri, List<Uri> hubs, ref Uri? self)
    {
        if (!Uri.TryCreate(baseUri, url.Trim(), out var absolute) || absolute.Scheme is not ("http" or "https"))
        {
            return;
        }

        if (rels.Contains("hub", StringComparer.OrdinalIgnoreCase) && !hubs.Contains(absolute))
        {
            hubs.Add(absolute);
        }

        if (rels.Contains("self", StringComparer.OrdinalIgnoreCase))
        {
            self ??= absolute;
        }
    }

    /// <summary>One link of an RFC 8288 header: <c>&lt;url&gt;; rel="hub"</c> (quoted or not, other parameters ignored).</summary>
    [GeneratedRegex("""<(?<url>[^>]*)>[^,<]*?;\s*rel\s*=\s*"?(?<rel>[^";,]+)"?""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex LinkHeader();
}
