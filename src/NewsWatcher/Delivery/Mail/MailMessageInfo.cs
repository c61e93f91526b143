using MimeKit;

namespace NewsWatcher.Delivery.Mail;

/// <summary>What the senders log about a message: who it is for and which digest it carries.</summary>
internal static class MailMessageInfo
{
    public static string Subscriber(MimeMessage message) =>
        string.Join(", ", message.To.Mailboxes.Select(m => m.Address));

    /// <summary>The digest id header, else the Message-ID, else a placeholder.</summary>
    public static string DigestId(MimeMessage message) =>
        message.Headers[DigestMessageFactory.DigestHeader] is { Length: > 0 } id ? id.Trim()
        : message.MessageId is { Length: > 0 } messageId ? messageId
        : "(none)";
}
