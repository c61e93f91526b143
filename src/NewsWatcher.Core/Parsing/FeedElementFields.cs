using System.Xml.Linq;

namespace NewsWatcher.Core.Parsing;

/// <summary>
/// What the parser needs from one element's children (an item, an entry, the channel or the root), captured in one pass:
/// for each field name the text of the child <see cref="FeedParser"/> would pick (the first one in the element's own
/// namespace, else the first in any namespace), every link child, the first guid child and the xml:base values on the
/// way down from the root.
/// </summary>
internal sealed class FeedElementFields
{
    /// <summary>The RSS 1.0 syndication module, whose updatePeriod and updateFrequency say how often to poll at most.</summary>
    public const string SyndicationNamespace = "http://purl.org/rss/1.0/modules/syndication/";

    private const byte None = 0;
    private const byte OtherNamespace = 1;
    private const byte OwnNamespace = 2;

    private readonly string?[] _values = new string?[(int)FeedField.Count];
    private readonly byte[] _chosen = new byte[(int)FeedField.Count];

    /// <summary>The link children in document order: href and rel attributes, and the text when there is no href.</summary>
    public List<(string? Href, string? Rel, string? Text)>? Links { get; private set; }

    /// <summary>True when the element has a guid child (in any namespace); <see cref="GuidIsPermaLink"/> and <see cref="GuidText"/> describe the first.</summary>
    public bool HasGuid { get; private set; }

    public string? GuidIsPermaLink { get; private set; }

    public string GuidText { get; private set; } = string.Empty;

    /// <summary>The xml:base attributes of the element and its ancestors, the root's first; null when there is none.</summary>
    public List<string>? Bases { get; set; }

    /// <summary>The chosen child's text, or null when there is no such child or its text is only whitespace.</summary>
    public string? Value(FeedField field)
    {
        var value = _values[(int)field];
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }

    /// <summary>Whether a child named <paramref name="field"/> would be chosen over the one already seen (if any).</summary>
    public bool Wants(FeedField field, bool ownNamespace) =>
        _chosen[(int)field] switch
        {
            None => true,
            OtherNamespace => ownNamespace,
            _ => false,
        };

    public void Set(FeedField field, bool ownNamespace, string text)
    {
        _values[(int)field] = text;
        _chosen[(int)field] = ownNamespace ? OwnNamespace : OtherNamespace;
    }

    /// <summary>True once a child in the element's own namespace with some text was chosen: no later child can replace it.</summary>
    public bool HasFinal(FeedField field) => _chosen[(int)field] == OwnNamespace && Value(field) is not null;

    public void AddLink(string? href, string? rel, string? text) => (Links ??= []).Add((href, rel, text));

    public void SetGuid(string? isPermaLink, string text)
    {
        HasGuid = true;
        GuidIsPermaLink = isPermaLink;
        GuidText = text;
    }

    /// <summary>
    /// Whether the parser reads <paramref name="field"/> below an item (<paramref name="item"/>) or the channel and root:
    /// the channel gives only the ttl and the syndication module's update period, and only the module's own namespace counts for the latter.
    /// </summary>
    public static bool Reads(FeedField field, bool item, string namespaceUri) => field switch
    {
        FeedField.Count => false,
        FeedField.UpdatePeriod or FeedField.UpdateFrequency => !item && namespaceUri == SyndicationNamespace,
        FeedField.Ttl => true,
        // RSS 2.0's element has no namespace; Atom's <source> is a whole feed's metadata, not an outlet's name.
        FeedField.Source => item && namespaceUri.Length == 0,
        _ => item,
    };

    /// <summary>Maps a child's local name to the field it fills, or <see cref="FeedField.Count"/> when the parser does not read it.</summary>
    public static FeedField FieldOf(string localName) => localName switch
    {
        "title" => FeedField.Title,
        "description" => FeedField.Description,
        "summary" => FeedField.Summary,
        "encoded" => FeedField.Encoded,
        "content" => FeedField.Content,
        "guid" => FeedField.Guid,
        "id" => FeedField.Id,
        "pubDate" => FeedField.PubDate,
        "published" => FeedField.Published,
        "issued" => FeedField.Issued,
        "date" => FeedField.Date,
        "updated" => FeedField.Updated,
        "modified" => FeedField.Modified,
        "ttl" => FeedField.Ttl,
        "updatePeriod" => FeedField.UpdatePeriod,
        "updateFrequency" => FeedField.UpdateFrequency,
        "source" => FeedField.Source,
        _ => FeedField.Count,
    };

    /// <summary>An element built from fields read elsewhere (FeedReader's items): each one as a child in the element's own namespace.</summary>
    public static FeedElementFields From(string? title, string? link, string? guid, string? description, string? pubDate)
    {
        var fields = new FeedElementFields();
        if (!string.IsNullOrWhiteSpace(title))
        {
            fields.Set(FeedField.Title, true, title);
        }

        if (!string.IsNullOrWhiteSpace(link))
        {
            fields.AddLink(null, null, link);
        }

        if (!string.IsNullOrWhiteSpace(guid))
        {
            fields.Set(FeedField.Guid, true, guid);
            fields.SetGuid(null, guid);
        }

        if (!string.IsNullOrWhiteSpace(description))
        {
            fields.Set(FeedField.Description, true, description);
        }

        if (!string.IsNullOrWhiteSpace(pubDate))
        {
            fields.Set(FeedField.PubDate, true, pubDate);
        }

        return fields;
    }

    /// <summary>Atom xhtml content is markup, not text: keep its tags so HtmlToText sees the structure.</summary>
    public static string InnerText(XElement element) =>
        element.HasElements && element.Attribute("type")?.Value == "xhtml"
            ? string.Concat(element.Nodes().Select(n => n.ToString(SaveOptions.DisableFormatting)))
            : element.Value;
}
