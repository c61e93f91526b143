using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;

namespace NewsWatcher.Core.Parsing;

/// <summary>
/// Reads feed text into a <see cref="FeedDocument"/> without ever processing a DTD: entity declarations are refused,
/// a bare DOCTYPE is removed, and common breakage (junk before the root, bare '&amp;', HTML entities, invalid characters)
/// is repaired. A well-formed document is read in one pass with no DOM; only when that read fails are the repairs tried,
/// and when the XML is still broken, the items a person could read are extracted tolerantly.
/// </summary>
internal static partial class FeedDocumentLoader
{
    /// <summary>The C0 controls XML 1.0 forbids (all but tab, newline and carriage return); with U+FFFE/U+FFFF, the characters dropped.</summary>
    private static readonly SearchValues<char> _invalidControls = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Where(c => c is not ('\t' or '\n' or '\r')).Select(c => (char)c)]);

    private static readonly HashSet<string> _xmlEntities = new(StringComparer.Ordinal) { "amp", "lt", "gt", "quot", "apos" };

    /// <summary>Largest text any entity reference may expand to; with DTDs prohibited this is a second line of defence.</summary>
    public const long MaxCharactersFromEntities = 1024 * 1024;

    /// <summary>How far into the document an XML declaration is looked for (and dropped).</summary>
    private const int DeclarationSearchLength = 2048;

    /// <summary>Returns the document (with the cleaned text it was read from), or null with <paramref name="error"/> set.</summary>
    /// <param name="repairs">Receives a short note for every repair made.</param>
    public static FeedDocument? Load(ReadOnlyMemory<char> text, ICollection<string> repairs, out string? error)
    {
        error = null;
        var start = text.Span.IndexOf('<');
        if (start < 0)
        {
            error = "not XML: no markup in the document";
            return null;
        }

        if (start > 0 && !text.Span[..start].IsWhiteSpace())
        {
            repairs.Add("junk before the first tag trimmed");
        }

        var s = text[start..];
        // A comment or junk before the declaration makes the declaration illegal; the declaration carries nothing we still need.
        var declaration = s.Span[..Math.Min(s.Length, DeclarationSearchLength + 5)].IndexOf("<?xml ", StringComparison.Ordinal);
        if (declaration >= 0)
        {
            if (declaration > 0 || start > 0)
            {
                repairs.Add("text before the XML declaration trimmed");
            }

            var end = s.Span[declaration..].IndexOf("?>", StringComparison.Ordinal);
            if (end >= 0)
            {
                s = s[(declaration + end + 2)..];
            }
        }

        var doctype = s.Span.IndexOf("<!DOCTYPE", StringComparison.OrdinalIgnoreCase);
        if (doctype >= 0)
        {
            var end = DoctypeEnd(s.Span, doctype);
            var declarationText = end < 0 ? s.Span[doctype..] : s.Span[doctype..end];
            if (declarationText.Contains("<!ENTITY", StringComparison.OrdinalIgnoreCase))
            {
                error = "DTD entity declarations are not allowed";
                return null;
            }

            if (end < 0)
            {
                error = "not XML: unterminated DOCTYPE";
                return null;
            }

            s = string.Concat(s.Span[..doctype], s.Span[end..]).AsMemory();
            repairs.Add("DOCTYPE removed (DTDs are never processed)");
        }

        if (IndexOfInvalidXmlChar(s.Span) is var firstBad and >= 0)
        {
            repairs.Add("characters not allowed in XML dropped");
            s = RemoveInvalidXmlChars(s.Span, firstBad).AsMemory();
        }

        if (TryRead(s, out var document, out var firstError))
        {
            return document;
        }

        return Recover(s.ToString(), firstError!, repairs, out error);
    }

    /// <summary>The document did not read as XML: escape stray entities and read again, else salvage complete items.</summary>
    private static FeedDocument? Recover(string s, string firstError, ICollection<string> repairs, out string? error)
    {
        error = null;
        var repaired = RepairEntities(s);
        if (!ReferenceEquals(repaired, s))
        {
            if (TryRead(repaired.AsMemory(), out var document, out _))
            {
                repairs.Add("HTML entities and bare '&' escaped");
                return document;
            }

            s = repaired;
        }

        var firstElement = FirstElement().Match(s);
        if (firstElement.Success && firstElement.Groups[1].Value.Equals("html", StringComparison.OrdinalIgnoreCase))
        {
            error = "not a feed: root element <html>";
            return null;
        }

        // Salvage only what a person could read: a broken document without one complete item stays rejected, with the XML error.
        if (TolerantExtractor.Extract(s) is { Items: > 0 } salvaged)
        {
            repairs.Add($"{firstError}: {salvaged.Items} items extracted tolerantly");
            using var reader = salvaged.Document.CreateReader();
            var document = FeedStreamReader.Read(reader);
            document?.Text = s.AsMemory();
            return document;
        }

        error = firstError;
        return null;
    }

    private static bool TryRead(ReadOnlyMemory<char> s, out FeedDocument? document, out string? error)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            CheckCharacters = false,
            IgnoreProcessingInstructions = true,
            IgnoreComments = true,
            MaxCharactersFromEntities = MaxCharactersFromEntities,
        };
        try
        {
            using var reader = XmlReader.Create(new CharMemoryReader(s), settings);
            document = FeedStreamReader.Read(reader);
            document?.Text = s;
            error = null;
            return true;
        }
        catch (XmlException ex)
        {
            document = null;
            error = string.Create(CultureInfo.InvariantCulture, $"not XML: {LinePosition().Replace(ex.Message, string.Empty).TrimEnd()} at line {ex.LineNumber}");
            return false;
        }
    }

    private static int DoctypeEnd(ReadOnlySpan<char> s, int doctype)
    {
        var inSubset = false;
        for (var i = doctype + 9; i < s.Length; i++)
        {
            switch (s[i])
            {
                case '[':
                    inSubset = true;
                    break;
                case ']':
                    inSubset = false;
                    break;
                case '>' when !inSubset:
                    return i + 1;
            }
        }

        return -1;
    }

    /// <summary>The first character XML 1.0 forbids, or -1; two vectorised searches (ASCII set, then a range) beat one over a mixed set.</summary>
    private static int IndexOfInvalidXmlChar(ReadOnlySpan<char> s)
    {
        var control = s.IndexOfAny(_invalidControls);
        var nonCharacter = (control < 0 ? s : s[..control]).IndexOfAnyInRange('\uFFFE', '\uFFFF');
        return nonCharacter >= 0 ? nonCharacter : control;
    }

    private static string RemoveInvalidXmlChars(ReadOnlySpan<char> s, int firstBad)
    {
        var builder = new StringBuilder(s.Length);
        builder.Append(s[..firstBad]);
        for (var i = firstBad; i < s.Length; i++)
        {
            if (!IsInvalid(s[i]))
            {
                builder.Append(s[i]);
            }
        }

        return builder.ToString();

        static bool IsInvalid(char c) => (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == '\uFFFE' || c == '\uFFFF';
    }

    /// <summary>Escapes bare '&amp;' and turns HTML named entities into numeric references, as browsers read them.</summary>
    private static string RepairEntities(string s)
    {
        if (!s.Contains('&', StringComparison.Ordinal))
        {
            return s;
        }

        return Ampersand().Replace(s, m =>
        {
            var name = m.Groups["name"];
            if (!name.Success)
            {
                return m.Groups["numeric"].Success ? m.Value : "&amp;";
            }

            if (_xmlEntities.Contains(name.Value))
            {
                return m.Value;
            }

            var decoded = WebUtility.HtmlDecode(m.Value);
            if (decoded == m.Value)
            {
                return "&amp;" + m.Value[1..];
            }

            var builder = new StringBuilder();
            for (var i = 0; i < decoded.Length; i++)
            {
                var codePoint = char.ConvertToUtf32(decoded, i);
                if (char.IsHighSurrogate(decoded[i]))
                {
                    i++;
                }

                builder.Append("&#").Append(codePoint.ToString(CultureInfo.InvariantCulture)).Append(';');
            }

            return builder.ToString();
        });
    }

    [GeneratedRegex(@"\s*Line \d+, position \d+\.", RegexOptions.CultureInvariant)]
    private static partial Regex LinePosition();

    [GeneratedRegex(@"<([A-Za-z][\w.:\-]*)", RegexOptions.CultureInvariant)]
    private static partial Regex FirstElement();

    [GeneratedRegex(@"&(?:(?<numeric>#[0-9]+;|#x[0-9a-fA-F]+;)|(?<name>[A-Za-z][A-Za-z0-9]{0,31});)?", RegexOptions.CultureInvariant)]
    private static partial Regex Ampersand();
}
