using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using NewsWatcher.Configuration;
using NewsWatcher.Core.Digests;
using NewsWatcher.Core.Subscribers;
using NewsWatcher.Mail;
using NewsWatcher.Storage;
using StackExchange.Redis;

namespace NewsWatcher.Pipeline;

/// <summary>
/// Sends one subscriber's pending items on one channel: take pending → compose → render → record → send → ack.
/// Items leave the outbox only after the server accepted the message; an interrupted send is finished first,
/// with the same bytes and so the same Message-ID.
/// </summary>
public sealed class DigestSender
{
    private readonly IPendingStore _pending;
    private readonly IMailSender _mail;
    private readonly EditorConfigProvider _config;
    private readonly SmtpOptions _smtp;
    private readonly TimeProvider _time;
    private readonly ILogger<DigestSender> _logger;

    public DigestSender(IPendingStore pending, IMailSender mail, EditorConfigProvider config, IOptions<SmtpOptions> smtp, TimeProvider time, ILogger<DigestSender> logger)
    {
        _pending = pending;
        _mail = mail;
        _config = config;
        _smtp = smtp.Value;
        _time = time;
        _logger = logger;
    }

    public async Task<SendOutcome> SendAsync(Subscriber subscriber, DeliveryChannel channel, CancellationToken cancellationToken)
    {
        try
        {
            var record = await _pending.GetSendingAsync(subscriber.Id, channel, cancellationToken).ConfigureAwait(false);
            if (record is not null)
            {
                Log.ResumingSend(_logger, subscriber.Email, record.DigestId);
            }
            else
            {
                var items = await _pending.ListAsync(subscriber.Id, channel, cancellationToken).ConfigureAwait(false);
                if (items.Count == 0)
                {
                    return new SendOutcome(subscriber.Id, "nothing");
                }

                record = Prepare(subscriber, channel, items);
                await _pending.BeginSendingAsync(subscriber.Id, channel, record, cancellationToken).ConfigureAwait(false);
            }

            using var stream = new MemoryStream(record.Message, writable: false);
            var message = await MimeMessage.LoadAsync(stream, cancellationToken).ConfigureAwait(false);
            try
            {
                await _mail.SendAsync(message, cancellationToken).ConfigureAwait(false);
            }
            catch (MailSendException ex)
            {
                // Nothing is removed: the same message goes out at the next attempt.
                Log.SendFailed(_logger, ex, subscriber.Email, record.DigestId, ex.IsTransient);
                return new SendOutcome(subscriber.Id, ex.IsTransient ? "deferred" : "failed", record.DigestId, record.ItemKeys.Count, ex.Message);
            }

            await _pending.AckAsync(subscriber.Id, channel, record, cancellationToken).ConfigureAwait(false);
            Log.DigestSent(_logger, subscriber.Email, record.DigestId, record.ItemKeys.Count, channel);
            return new SendOutcome(subscriber.Id, "sent", record.DigestId, record.ItemKeys.Count);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Log.StoreUnavailable(_logger, ex, subscriber.Email);
            return new SendOutcome(subscriber.Id, "deferred", Error: ex.Message);
        }
#pragma warning disable CA1031 // One subscriber must never stop the others.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.SendCrashed(_logger, ex, subscriber.Email);
            return new SendOutcome(subscriber.Id, "error", Error: ex.Message);
        }
    }

    private SendingRecord Prepare(Subscriber subscriber, DeliveryChannel channel, IReadOnlyList<DigestItem> items)
    {
        var now = _time.GetUtcNow();
        var digestId = $"{now:yyyyMMdd'T'HHmmss'Z'}.{channel.ToString().ToLowerInvariant()}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
        var digest = DigestComposer.Compose(digestId, subscriber, channel, items, now);
        var rendered = DigestRenderer.Render(digest, _config.Current.FeedNames);
        var message = DigestMessageFactory.Create(digest, rendered, _smtp.From, MessageIdDomain(_smtp.From));
        using var buffer = new MemoryStream();
        message.WriteTo(buffer);
        return new SendingRecord(digestId, items.Select(i => i.Key).ToList(), buffer.ToArray());
    }

    private static string MessageIdDomain(string from) =>
        MailboxAddress.TryParse(from, out var address) && address.Domain is { Length: > 0 } domain ? domain : "newswatcher.local";
}
