using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using System.Text.Unicode;

namespace NewsWatcher.Core.Parsing;

/// <summary>Turns raw feed bytes into text: gunzips, honours BOMs and the XML declaration, and recovers from lying declarations.</summary>
internal static partial class FeedTextDecoder
{
    /// <summary>Upper bound on a decompressed body, so a gzip bomb cannot exhaust memory.</summary>
    public const int MaxDecompressedBytes = 32 * 1024 * 1024;

    static FeedTextDecoder()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    /// <summary>Returns the decoded text, or null with <paramref name="error"/> set.</summary>
    public static string? Decode(byte[] content, out string? error)
    {
        error = null;
        var bytes = content;
        if (bytes.Length >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B)
        {
            bytes = Gunzip(bytes, out error)!;
            if (bytes is null)
            {
                return null;
            }
        }

        var (encoding, skip) = Sniff(bytes);
        return encoding.GetString(bytes, skip, bytes.Length - skip);
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

    private static (Encoding Encoding, int Skip) Sniff(byte[] b)
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

        var isUtf8 = Utf8.IsValid(b);
        var declared = DeclaredEncoding(b);
        if (declared is null)
        {
            // Undeclared and not UTF-8: windows-1252 is what such feeds almost always are, and it never fails to decode.
            return (isUtf8 ? Encoding.UTF8 : Encoding.GetEncoding(1252), 0);
        }

        // A declared Latin-1 family encoding over bytes that are valid UTF-8 with non-ASCII content is a lying prolog.
        if (isUtf8 && declared.IsSingleByte && declared.CodePage is 28591 or 1252 or 20127 && b.Any(x => x >= 0x80))
        {
            return (Encoding.UTF8, 0);
        }

        // A declaration of a 16/32-bit encoding over 8-bit bytes cannot be true.
        return declared is UnicodeEncoding or UTF32Encoding ? (Encoding.UTF8, 0) : (declared, 0);
    }

    private static Encoding? DeclaredEncoding(byte[] b)
    {
        var head = Encoding.Latin1.GetString(b, 0, Math.Min(b.Length, 1024));
        var m = Declaration().Match(head);
        if (!m.Success)
        {
            return null;
        }

        try
        {
            return Encoding.GetEncoding(m.Groups[1].Value);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static bool StartsWith(byte[] b, params ReadOnlySpan<byte> prefix) => b.AsSpan().StartsWith(prefix);

    [GeneratedRegex(@"<\?xml[^>]*?encoding\s*=\s*[""']([A-Za-z0-9._:\-]+)[""']", RegexOptions.CultureInvariant)]
    private static partial Regex Declaration();
}
