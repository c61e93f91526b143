using System.Collections.Concurrent;
using System.Buffers;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using System.Text.Unicode;

namespace NewsWatcher.Core.Parsing;

/// <summary>
/// Turns raw feed bytes into text: gunzips, then picks the encoding from the BOM, the HTTP charset, the XML declaration,
/// and finally a guess from the bytes; recovers from lying declarations.
/// </summary>
internal static partial class FeedTextDecoder
{
    /// <summary>Largest decoding buffer taken from (and given back to) <see cref="ArrayPool{T}.Shared"/>: 4 MB, a large feed.</summary>
    public const int MaxPooledChars = 1 << 21;

    /// <summary>Upper bound on a decompressed body, so a gzip bomb cannot exhaust memory.</summary>
    public const int MaxDecompressedBytes = 32 * 1024 * 1024;

    /// <summary>
    /// Returns the decoded text in the first <paramref name="length"/> characters of a buffer rented from
    /// <see cref="ArrayPool{T}.Shared"/> (the caller returns it when it is at most <see cref="MaxPooledChars"/> long), or null with <paramref name="error"/> set; what had to be
    /// guessed goes to <paramref name="repairs"/>.
    /// </summary>
    /// <param name="httpCharset">The charset parameter of the HTTP Content-Type, when there was one.</param>
    public static char[]? Decode(byte[] content, string? httpCharset, ICollection<string> repairs, out int length, out string? error)
    {
        length = 0;
        error = null;
        var bytes = content;
        if (bytes.Length >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B)
        {
            bytes = Gunzip(bytes, out error)!;
            if (bytes is null)
            {
                return null;
            }

            repairs.Add("gzip body without Content-Encoding decompressed");
        }

        var (encoding, skip) = Sniff(bytes, httpCharset, repairs);

        // Decoded into a pooled buffer: a document-sized string would be a large-object-heap allocation for every feed.
        // A document beyond the pooled size gets an array of its own, so the pool never holds on to a huge one.
        var size = encoding.GetMaxCharCount(bytes.Length - skip);
        var buffer = size <= MaxPooledChars ? ArrayPool<char>.Shared.Rent(size) : new char[size];
        if (encoding is UTF8Encoding)
        {
            // Validated while decoding, in one pass; only bytes that are not UTF-8 are decoded again, with replacements.
            var source = bytes.AsSpan(skip);
            if (Utf8.ToUtf16(source, buffer, out _, out length, replaceInvalidSequences: false) != OperationStatus.Done)
            {
                repairs.Add("invalid UTF-8 bytes replaced");
                Utf8.ToUtf16(source, buffer, out _, out length);
            }

            return buffer;
        }

        length = encoding.GetChars(bytes, skip, bytes.Length - skip, buffer, 0);
        return buffer;
    }

    private static byte[]? Gunzip(byte[] compressed, out string? error)
    {
        error = null;
        try
        {
            using var input = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (output.Length + read > MaxDecompressedBytes)
                {
                    error = $"gzip body decompresses to more than {MaxDecompressedBytes} bytes";
                    return null;
                }

                output.Write(buffer, 0, read);
            }

            return output.ToArray();
        }
        catch (InvalidDataException ex)
        {
            error = "corrupt gzip body: " + ex.Message;
            return null;
        }
    }

    /// <summary>Encodings by the names feeds give them (case does not matter to <see cref="Encoding.GetEncoding(string)"/> either); the look-up takes a lock.</summary>
    private static readonly ConcurrentDictionary<string, Encoding> _encodings = new(StringComparer.OrdinalIgnoreCase);

    private static (Encoding Encoding, int Skip) Sniff(byte[] b, string? httpCharset, ICollection<string> repairs)
    {
        if (StartsWith(b, 0xEF, 0xBB, 0xBF))
        {
            return (Encoding.UTF8, 3);
        }

        if (StartsWith(b, 0xFF, 0xFE, 0x00, 0x00))
        {
            return (Encoding.UTF32, 4);
        }

        if (StartsWith(b, 0x00, 0x00, 0xFE, 0xFF))
        {
            return (new UTF32Encoding(bigEndian: true, byteOrderMark: false), 4);
        }

        if (StartsWith(b, 0xFF, 0xFE))
        {
            return (Encoding.Unicode, 2);
        }

        if (StartsWith(b, 0xFE, 0xFF))
        {
            return (Encoding.BigEndianUnicode, 2);
        }

        // No BOM: the first '<' tells the width and byte order (XML 1.0 appendix F).
        if (StartsWith(b, 0x00, 0x00, 0x00, 0x3C))
        {
            return (new UTF32Encoding(bigEndian: true, byteOrderMark: false), 0);
        }

        if (StartsWith(b, 0x3C, 0x00, 0x00, 0x00))
        {
            return (Encoding.UTF32, 0);
        }

        if (StartsWith(b, 0x00, 0x3C))
        {
            return (Encoding.BigEndianUnicode, 0);
        }

        if (StartsWith(b, 0x3C, 0x00))
        {
            return (Encoding.Unicode, 0);
        }

        // Whether the bytes are UTF-8 is only found out where the decision needs it (most feeds declare UTF-8).
        // The HTTP charset outranks the document's own declaration (RFC 7303), unless the bytes prove it wrong.
        var fromHttp = Named(httpCharset, "HTTP charset", repairs);
        var declaredName = DeclaredName(b);
        var declared = fromHttp ?? Named(declaredName, "XML declaration", repairs);
        if (declared is null)
        {
            if (Utf8.IsValid(b))
            {
                return (Encoding.UTF8, 0);
            }

            var guess = GuessSingleByte(b);
            repairs.Add($"no usable encoding declared and not UTF-8: read as {guess.WebName}");
            return (guess, 0);
        }

        // A declared Latin-1 family encoding over bytes that are valid UTF-8 with non-ASCII content is a lying prolog.
        if (declared.IsSingleByte && declared.CodePage is 28591 or 1252 or 20127 && b.AsSpan().ContainsAnyInRange((byte)0x80, (byte)0xFF) && Utf8.IsValid(b))
        {
            repairs.Add($"declared {declared.WebName} but the bytes are UTF-8: read as UTF-8");
            return (Encoding.UTF8, 0);
        }

        // A declaration of a 16/32-bit encoding over 8-bit bytes cannot be true.
        if (declared is UnicodeEncoding or UTF32Encoding)
        {
            repairs.Add($"declared {declared.WebName} over 8-bit bytes: read as UTF-8");
            return (Encoding.UTF8, 0);
        }

        return (declared, 0);
    }

    private static Encoding? Named(string? name, string source, ICollection<string> repairs)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var trimmed = name.Trim().Trim('"', '\'');
        if (_encodings.TryGetValue(trimmed, out var known))
        {
            return known;
        }

        try
        {
            return _encodings[trimmed] = Encoding.GetEncoding(trimmed);
        }
        catch (ArgumentException)
        {
            repairs.Add($"unknown encoding '{name}' in the {source} ignored");
            return null;
        }
    }

    private static string? DeclaredName(byte[] b)
    {
        var head = Encoding.Latin1.GetString(b, 0, Math.Min(b.Length, 1024));
        var m = Declaration().Match(head);
        return m.Success ? m.Groups[1].Value : null;
    }

    /// <summary>
    /// Undeclared 8-bit text. Western text has few high bytes; Cyrillic single-byte text is mostly high bytes, and its
    /// lower-case letters sit at 0xE0-0xFF in windows-1251 but at 0xC0-0xDF in KOI8-R.
    /// </summary>
    private static Encoding GuessSingleByte(byte[] b)
    {
        int letters = 0, high = 0, upperHalf = 0, lowerHalf = 0;
        foreach (var x in b)
        {
            if (x is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z')
            {
                letters++;
            }
            else if (x >= 0xC0)
            {
                high++;
                if (x >= 0xE0)
                {
                    upperHalf++;
                }
                else
                {
                    lowerHalf++;
                }
            }
        }

        if (high > 16 && high * 4 > letters)
        {
            return Encoding.GetEncoding(upperHalf >= lowerHalf ? 1251 : 20866);
        }

        // windows-1252 is what Western feeds without a declaration almost always are, and it never fails to decode.
        return Encoding.GetEncoding(1252);
    }

    private static bool StartsWith(byte[] b, params ReadOnlySpan<byte> prefix) => b.AsSpan().StartsWith(prefix);

    [GeneratedRegex(@"<\?xml[^>]*?encoding\s*=\s*[""']([A-Za-z0-9._:\-]+)[""']", RegexOptions.CultureInvariant)]
    private static partial Regex Declaration();
}
