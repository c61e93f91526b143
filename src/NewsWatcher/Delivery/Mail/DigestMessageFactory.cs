using MimeKit;
using NewsWatcher.Core.Delivery;

namespace NewsWatcher.Delivery.Mail;

/// <summary>Builds the MIME message for a rendered digest: both parts, a stable Message-ID and automation headers.</summary>
internal static class DigestMessageFactory
{
    public const string DigestHeader = "X-NewsWatcher-Digest";

    /// <param name="from">The sender as configured (SmtpOptions.From), e.g. "NewsWatcher &lt;newswatcher@example.org&gt;".</param>
    /// <param name="host">Domain for Message-ID and List-Id; normally the sender's domain.</param>
    /// <param name="unsubscribe">The mailto: URI for List-Unsubscribe; see <see cref="UnsubscribeLink"/>. Null: the sender's, unless <paramref name="oneClick"/> is given.</param>
    /// <param name="oneClick">The RFC 8058 one-click https link; when set it leads List-Unsubscribe and List-Unsubscribe-Post is added.</param>
    public static MimeMessage Create(Digest digest, RenderedDigest rendered, string from, string host, string? unsubscribe = null, Uri? oneClick = null)
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(rendered);
        ArgumentException.ThrowIfNullOrWhiteSpace(from);
        ArgumentException.ThrowIfNullOrWhiteSpace(host);

        var domain = HeaderToken(host);
        var id = HeaderToken(digest.Id);
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(new MailboxAddress(MailText.SingleLine(digest.Route.Name), digest.Route.Email.Trim()));

        // The subject carries feed text; one line only, so nothing from a feed can start a header of its own.
        message.Subject = MailText.SingleLine(rendered.Subject);

        // Same digest id, same Message-ID: a resend after a crash can be recognised as a duplicate (DESIGN.md guarantees).
        message.MessageId = $"{id}@{domain}";
        message.Date = digest.CreatedAt;
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Headers.Add("List-Id", $"NewsWatcher <newswatcher.{domain}>");
        message.Headers.Add(DigestHeader, id);
        if (oneClick is null)
        {
            message.Headers.Add("List-Unsubscribe", $"<{unsubscribe ?? UnsubscribeLink(from, digest.Route.Email)}>");
        }
        else
        {
            // RFC 8058: the https link first, a POST to it unsubscribes with no further step.
            message.Headers.Add("List-Unsubscribe", unsubscribe is null ? $"<{oneClick.AbsoluteUri}>" : $"<{oneClick.AbsoluteUri}>, <{unsubscribe}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        var body = new BodyBuilder { TextBody = rendered.Text, HtmlBody = rendered.Html };
        message.Body = body.ToMessageBody();
        return message;
    }

    /// <summary>
    /// <c>mailto:</c> the unsubscribe address (the sender when none is set), with a subject naming the subscriber, so
    /// whoever reads that mailbox knows whom to remove. Percent-encoded: nothing from outside reaches the header raw.
    /// </summary>
    public static string UnsubscribeLink(string address, string subscriberEmail)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        var mailbox = MailboxAddress.Parse(address).Address;
        return $"mailto:{Uri.EscapeDataString(mailbox).Replace("%40", "@", StringComparison.Ordinal)}?subject={Uri.EscapeDataString("unsubscribe " + subscriberEmail.Trim())}";
    }

    // Ids and host names are ours, but they end up in headers: keep only characters that are safe in a msg-id.
    private static string HeaderToken(string value)
    {
        var token = new string([.. value.Trim().Where(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '+' or '=')]);
        return token.Length > 0 ? token : throw new ArgumentException($"'{value}' has no characters usable in a mail header.", nameof(value));
    }
}
