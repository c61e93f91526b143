using MimeKit;

namespace NewsWatcher.Delivery.Mail;

/// <summary>
/// A message exactly as it goes over SMTP: every part given a Content-Transfer-Encoding that keeps it 7-bit with lines
/// of at most 78 characters (quoted-printable or base64, RFC 5322 §2.1.1), and CRLF line ends. The stored bytes of a
/// sending record, the size checked against Digest:MaxMessageBytes and the outbox's .eml files all use this form.
/// </summary>
internal static class WireFormat
{
    /// <summary>The longest line a prepared part contains (RFC 5322 recommends 78; 998 is the hard limit).</summary>
    public const int MaxLineLength = 78;

    private static readonly FormatOptions Options = CreateOptions();

    /// <summary>Chooses transfer encodings for every part (as MailKit's SMTP client does before DATA), in place.</summary>
    public static void Prepare(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        message.Prepare(EncodingConstraint.SevenBit, MaxLineLength);
    }

    public static async Task WriteAsync(MimeMessage message, Stream stream, CancellationToken cancellationToken)
    {
        Prepare(message);
        await message.WriteToAsync(Options, stream, cancellationToken).ConfigureAwait(false);
    }

    public static byte[] ToBytes(MimeMessage message)
    {
        Prepare(message);
        using var buffer = new MemoryStream();
        message.WriteTo(Options, buffer);
        return buffer.ToArray();
    }

    private static FormatOptions CreateOptions()
    {
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        options.EnsureNewLine = true;
        return options;
    }
}
