using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace NewsWatcher.Core.Parsing;

/// <summary>
/// Reads a feed document in one forward pass over an <see cref="XmlReader"/>, keeping only the fields
/// <see cref="FeedParser"/> uses; no DOM is built. Items are the root's item and entry children and the item children of
/// its channel children (the root itself for an Atom entry document). The whole document is read, so a
/// well-formedness error anywhere throws the reader's <see cref="XmlException"/>.
/// </summary>
internal sealed class FeedStreamReader
{
    private const string XmlNamespace = "http://www.w3.org/XML/1998/namespace";
    private const string XmlnsNamespace = "http://www.w3.org/2000/xmlns/";

    private readonly XmlReader _reader;
    private readonly List<FeedElementFields> _items = [];

    // The open elements from the root down to the current item: their xml:base and their namespace declarations.
    private readonly List<string?> _bases = [];
    private readonly List<List<(string Namespace, string LocalName, string Value)>?> _declarations = [];
    private readonly StringBuilder _text = new();
    private FeedElementFields? _firstChannel;

    private FeedStreamReader(XmlReader reader) => _reader = reader;

    /// <summary>Reads the whole document; null when it has no root element.</summary>
    /// <exception cref="XmlException">The document is not well-formed.</exception>
    public static FeedDocument? Read(XmlReader reader) => new FeedStreamReader(reader).ReadDocument();

    private FeedDocument? ReadDocument()
    {
        var r = _reader;
        if (r.MoveToContent() != XmlNodeType.Element)
        {
            while (r.Read())
            {
            }

            return null;
        }

        var rootName = r.LocalName;
        var rootNamespace = r.NamespaceURI;
        var isEntry = rootName == "entry";
        var root = new FeedElementFields();
        Enter();
        if (isEntry)
        {
            root.Bases = Bases();
        }

        var depth = r.Depth;
        if (IsEmptyThenAdvance())
        {
            Leave();
        }
        else
        {
            while (r.Depth > depth && !r.EOF)
            {
                if (r.NodeType != XmlNodeType.Element)
                {
                    r.Read();
                    continue;
                }

                var name = r.LocalName;
                if (!isEntry && (name is "item" or "entry"))
                {
                    _items.Add(ReadItem());
                }
                else if (name == "channel")
                {
                    ReadChannel(itemsAllowed: !isEntry);
                }
                else
                {
                    ReadField(root, rootNamespace, itemFields: isEntry);
                }
            }

            r.Read(); // the root's end tag
            Leave();
        }

        // Trailing comments, processing instructions and whitespace, and any error after the root.
        while (r.Read())
        {
        }

        if (isEntry)
        {
            _items.Add(root);
        }

        var isChannel = rootName == "channel";

        // An Atom <feed> is its own channel: the syndication module's update period sits on the root.
        var isAtomFeed = rootName == "feed";
        return new FeedDocument(
            rootName,
            _items,
            ttlSource: isChannel || isAtomFeed ? root : _firstChannel,
            linkSource: isEntry ? null : isChannel ? root : _firstChannel ?? root);
    }

    private FeedElementFields ReadItem()
    {
        var r = _reader;
        var fields = new FeedElementFields();
        var itemNamespace = r.NamespaceURI;
        Enter();
        fields.Bases = Bases();
        var depth = r.Depth;
        if (!IsEmptyThenAdvance())
        {
            while (r.Depth > depth && !r.EOF)
            {
                if (r.NodeType == XmlNodeType.Element)
                {
                    ReadField(fields, itemNamespace, itemFields: true);
                }
                else
                {
                    r.Read();
                }
            }

            r.Read();
        }

        Leave();
        return fields;
    }

    /// <summary>A channel below the root: its items count, and the first channel's link, ttl and update period are kept.</summary>
    private void ReadChannel(bool itemsAllowed)
    {
        var r = _reader;
        var fields = _firstChannel is null ? _firstChannel = new FeedElementFields() : null;
        if (fields is null && !itemsAllowed)
        {
            r.Skip();
            return;
        }

        var channelNamespace = r.NamespaceURI;
        Enter();
        var depth = r.Depth;
        if (!IsEmptyThenAdvance())
        {
            while (r.Depth > depth && !r.EOF)
            {
                if (r.NodeType != XmlNodeType.Element)
                {
                    r.Read();
                }
                else if (itemsAllowed && r.LocalName == "item")
                {
                    _items.Add(ReadItem());
                }
                else if (fields is not null)
                {
                    ReadField(fields, channelNamespace, itemFields: false);
                }
                else
                {
                    r.Skip();
                }
            }

            r.Read();
        }

        Leave();
    }

    /// <summary>One child element of an item or channel: kept when the parser would read it, skipped otherwise.</summary>
    /// <param name="itemFields">False for the channel and the root, where only links, the guid, the ttl and sy:updatePeriod/updateFrequency are read.</param>
    private void ReadField(FeedElementFields fields, string parentNamespace, bool itemFields)
    {
        var r = _reader;
        var name = r.LocalName;
        if (name == "link")
        {
            var href = r.HasAttributes ? r.GetAttribute("href") : null;
            var rel = r.HasAttributes ? r.GetAttribute("rel") : null;
            if (href is null)
            {
                fields.AddLink(null, rel, ReadText());
            }
            else
            {
                fields.AddLink(href, rel, null);
                r.Skip();
            }

            return;
        }

        var field = FeedElementFields.FieldOf(name);
        var own = r.NamespaceURI == parentNamespace;
        var wantsValue = FeedElementFields.Reads(field, itemFields, r.NamespaceURI)
            && fields.Wants(field, own)
            // The summary is the first of description, summary, encoded and content with text: once one of them is
            // settled (in the item's own namespace, with text), the ones after it are never read.
            && !SettledBefore(fields, field);
        var wantsGuid = field == FeedField.Guid && !fields.HasGuid;
        if (!wantsValue && !wantsGuid)
        {
            r.Skip();
            return;
        }

        var isPermaLink = wantsGuid && r.HasAttributes ? r.GetAttribute("isPermaLink") : null;
        if (r.HasAttributes && r.GetAttribute("type") == "xhtml")
        {
            var element = ReadElement();
            if (wantsValue)
            {
                fields.Set(field, own, FeedElementFields.InnerText(element));
            }

            if (wantsGuid)
            {
                fields.SetGuid(isPermaLink, element.Value);
            }

            return;
        }

        var text = ReadText();
        if (wantsValue)
        {
            fields.Set(field, own, text);
        }

        if (wantsGuid)
        {
            fields.SetGuid(isPermaLink, text);
        }
    }

    private static bool SettledBefore(FeedElementFields fields, FeedField field) => field switch
    {
        FeedField.Summary => fields.HasFinal(FeedField.Description),
        FeedField.Encoded => fields.HasFinal(FeedField.Description) || fields.HasFinal(FeedField.Summary),
        FeedField.Content => fields.HasFinal(FeedField.Description) || fields.HasFinal(FeedField.Summary) || fields.HasFinal(FeedField.Encoded),
        _ => false,
    };

    /// <summary>The element's text (all text and CDATA below it, as <see cref="XElement.Value"/> gives it); the reader ends after the element.</summary>
    private string ReadText()
    {
        var r = _reader;
        if (r.IsEmptyElement)
        {
            r.Read();
            return string.Empty;
        }

        var depth = r.Depth;
        string? first = null;
        var parts = 0;
        r.Read();
        while (r.Depth > depth && !r.EOF)
        {
            if (r.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace)
            {
                var value = r.Value;
                if (parts == 0)
                {
                    first = value;
                }
                else
                {
                    if (parts == 1)
                    {
                        _text.Clear().Append(first);
                    }

                    _text.Append(value);
                }

                parts++;
            }

            r.Read();
        }

        r.Read(); // the element's end tag
        return parts switch
        {
            0 => string.Empty,
            1 => first!,
            _ => _text.ToString(),
        };
    }

    /// <summary>
    /// The element as an <see cref="XElement"/> under stand-ins for its ancestors that carry their namespace declarations,
    /// so it serialises with the prefixes it would have inside the whole document (Atom xhtml content).
    /// </summary>
    private XElement ReadElement()
    {
        var element = (XElement)XNode.ReadFrom(_reader);
        XElement? parent = null;
        foreach (var declarations in _declarations)
        {
            var ancestor = new XElement("ancestor");
            foreach (var (ns, localName, value) in declarations ?? [])
            {
                ancestor.Add(new XAttribute(XNamespace.Get(ns).GetName(localName), value));
            }

            parent?.Add(ancestor);
            parent = ancestor;
        }

        parent?.Add(element);
        return element;
    }

    /// <summary>Notes the xml:base and namespace declarations of the element the reader is on, as one more open ancestor.</summary>
    private void Enter()
    {
        var r = _reader;
        string? xmlBase = null;
        List<(string, string, string)>? declarations = null;
        if (r.MoveToFirstAttribute())
        {
            do
            {
                var ns = r.NamespaceURI;
                if (ns == XmlnsNamespace)
                {
                    (declarations ??= []).Add((r.Prefix.Length == 0 ? string.Empty : ns, r.LocalName, r.Value));
                }
                else if (ns == XmlNamespace && r.LocalName == "base")
                {
                    xmlBase = r.Value;
                }
            }
            while (r.MoveToNextAttribute());

            r.MoveToElement();
        }

        _bases.Add(xmlBase);
        _declarations.Add(declarations);
    }

    private void Leave()
    {
        _bases.RemoveAt(_bases.Count - 1);
        _declarations.RemoveAt(_declarations.Count - 1);
    }

    /// <summary>The xml:base values of the open elements, the root's first; null when none has one.</summary>
    private List<string>? Bases()
    {
        List<string>? bases = null;
        foreach (var value in _bases)
        {
            if (value is not null)
            {
                (bases ??= []).Add(value);
            }
        }

        return bases;
    }

    /// <summary>For an empty element, moves past it and returns true; otherwise moves to its first child node.</summary>
    private bool IsEmptyThenAdvance()
    {
        var empty = _reader.IsEmptyElement;
        _reader.Read();
        return empty;
    }
}
