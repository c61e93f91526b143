using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace NewsWatcher.Core.Parsing;

/// <summary>
/// Loads feed text into an <see cref="XDocument"/> without ever processing a DTD: entity declarations are refused,
/// a bare DOCTYPE is removed, and common breakage (junk before the root, bare '&amp;', HTML entities, invalid characters)
/// is repaired. When the XML is still broken, the items a person could read are extracted tolerantly.
/// </summary>
internal static partial class FeedDocumentLoader
{
    /// <summary>Characters XML 1.0 forbids: C0 controls other than tab, newline and carriage return, and U+FFFE/U+FFFF (searched vectorised).</summary>
    private static readonly SearchValues<char> _invalidXmlChars = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Where(c => c is not ('\t' or '\n' or '\r')).Select(c => (char)c), '\uFFFE', '\uFFFF']);

    private static readonly HashSet<string> _xmlEntities = new(StringComparer.Ordinal) { "amp", "lt", "gt", "quot", "apos" };

    /// <summary>Largest text any entity reference may expand to; with DTDs prohibited this is a second line of defence.</summary>
    public const long MaxCharactersFromEntities = 1024 * 1024;

    /// <summary>Returns the document and the cleaned text it was read from, or null with <paramref name="error"/> set.</summary>
    /// <param name="repairs">Receives a short note for every repair made.</param>
    public static XDocument? Load(string text, ICollection<string> repairs, out string cleaned, out string? error)
    {
        error = null;
        cleaned = string.Empty;

        var start = text.IndexOf('<', StringComparison.Ordinal);
        if (start < 0)
        {
            error = "not XML: no markup in the document";
            return null;
        }

        if (start > 0 && !string.IsNullOrWhiteSpace(text[..start]))
        {
            repairs.Add("junk before the first tag trimmed");
        }

        var s = text[start..];
        // A comment or junk before the declaration makes the declaration illegal; the declaration carries nothing we still need.
        var declaration = s.IndexOf("<?xml ", StringComparison.Ordinal);
        if (declaration >= 0 && declaration < 2048)
        {
            if (declaration > 0 || start > 0)
            {
                repairs.Add("text before the XML declaration trimmed");
            }

            var end = s.IndexOf("?>", declaration, StringComparison.Ordinal);
            if (end > 0)
            {
                s = s[(end + 2)..];
            }
        }

        var doctype = s.IndexOf("<!DOCTYPE", StringComparison.OrdinalIgnoreCase);
        if (doctype >= 0)
        {
            var end = DoctypeEnd(s, doctype);
            var declarationText = end < 0 ? s[doctype..] : s[doctype..end];
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

            s = string.Concat(s.AsSpan(0, doctype), s.AsSpan(end));
            repairs.Add("DOCTYPE removed (DTDs are never processed)");
        }

        var withoutInvalid = RemoveInvalidXmlChars(s);
        if (!ReferenceEquals(withoutInvalid, s))
        {
            repairs.Add("characters not allowed in XML dropped");
            s = withoutInvalid;
        }

        cleaned = s;
        if (TryParse(s, out var document, out var firstError))
        {
            return document;
        }

        var repaired = RepairEntities(s);
        if (!ReferenceEquals(repaired, s))
        {
            if (TryParse(repaired, out document, out _))
            {
                repairs.Add("HTML entities and bare '&' escaped");
                cleaned = repaired;
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
            cleaned = s;
            return salvaged.Document;
        }

        error = firstError;
        return null;
    }

    private static bool TryParse(string s, out XDocument? document, out string? error)
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
            using var reader = XmlReader.Create(new StringReader(s), settings);
            document = XDocument.Load(reader, LoadOptions.None);
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

    private static int DoctypeEnd(string s, int doctype)
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

    private static string RemoveInvalidXmlChars(string s)
    {
        var firstBad = s.AsSpan().IndexOfAny(_invalidXmlChars);
        if (firstBad < 0)
        {
            return s;
        }

        var builder = new StringBuilder(s.Length);
        builder.Append(s, 0, firstBad);
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
