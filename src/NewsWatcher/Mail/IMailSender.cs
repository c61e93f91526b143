using MimeKit;

namespace NewsWatcher.Mail;

/// <summary>Delivers finished messages: SMTP via MailKit, or .eml files in the outbox.</summary>
public interface IMailSender
{
    /// <summary>Returns once the server (or the outbox) accepted the message.</summary>
    /// <exception cref="MailSendException">Delivery failed; <see cref="MailSendException.IsTransient"/> says whether to retry.</exception>
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}
