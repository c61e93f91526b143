using MimeKit;
using NewsWatcher.Delivery;

namespace NewsWatcher.Delivery.Mail;

/// <summary>Delivers finished messages: SMTP via MailKit, or .eml files in the outbox.</summary>
internal interface IMailSender
{
    /// <summary>Returns once the server (or the outbox) accepted the message.</summary>
    /// <exception cref="DeliveryException">Delivery failed; <see cref="DeliveryException.IsTransient"/> says whether to retry.</exception>
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);

    /// <summary>Sends several messages (over one connection where the sender has connections).</summary>
    /// <returns>One entry per message, in order: null when accepted, else why it was not. One failure never stops the others.</returns>
    async Task<IReadOnlyList<DeliveryException?>> SendBatchAsync(IReadOnlyList<MimeMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var results = new DeliveryException?[messages.Count];
        for (var i = 0; i < messages.Count; i++)
        {
            try
            {
                await SendAsync(messages[i], cancellationToken).ConfigureAwait(false);
            }
            catch (DeliveryException ex)
            {
                results[i] = ex;
            }
        }

        return results;
    }
}
