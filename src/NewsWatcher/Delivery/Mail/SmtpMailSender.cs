using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using NewsWatcher.Delivery;

namespace NewsWatcher.Delivery.Mail;

/// <summary>Sends mail through an SMTP relay with MailKit, telling transient failures (retry later) from permanent ones.</summary>
internal sealed partial class SmtpMailSender : IMailSender
{
    private readonly SmtpOptions _options;
    private readonly ILogger<SmtpMailSender> _logger;
    private readonly TimeProvider _time;
    private readonly Lock _rateGate = new();
    private DateTimeOffset _nextSlot = DateTimeOffset.MinValue;

    public SmtpMailSender(IOptions<SmtpOptions> options, ILogger<SmtpMailSender> logger, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _logger = logger;
        _time = timeProvider;
    }

    /// <summary>Opens one connection for this message. Use <see cref="SendBatchAsync"/> to send several over one connection.</summary>
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var results = await SendBatchAsync([message], cancellationToken).ConfigureAwait(false);
        if (results[0] is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>Sends the messages over one connection (STYLE.md 12).</summary>
    /// <returns>One entry per message, in order: null when the server accepted it, else why it was not.</returns>
    /// <remarks>
    /// Never throws <see cref="DeliveryException"/>: one recipient's 5xx must not fail the others. A refused connection or a
    /// dropped one fails every message not yet accepted as transient. Caller cancellation is rethrown, not reported.
    /// </remarks>
    public async Task<IReadOnlyList<DeliveryException?>> SendBatchAsync(IReadOnlyList<MimeMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var results = new DeliveryException?[messages.Count];
        if (messages.Count == 0)
        {
            return results;
        }

        using var client = new SmtpClient { Timeout = (int)_options.Timeout.TotalMilliseconds };

        var next = 0;
        try
        {
            if (!string.IsNullOrEmpty(_options.TrustedCertificateFile))
            {
                // Read per connection, like the password, so a renewed certificate is picked up without a restart.
                var pem = await File.ReadAllTextAsync(_options.TrustedCertificateFile, cancellationToken).ConfigureAwait(false);
                var trusted = X509Certificate2.CreateFromPem(pem);
                client.ServerCertificateValidationCallback = (_, certificate, _, errors) => IsTrusted(certificate, errors, trusted);
            }

            await client.ConnectAsync(_options.Host, _options.Port, MapSecurity(_options.Security), cancellationToken).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(_options.User))
            {
                var password = await ReadPasswordAsync(cancellationToken).ConfigureAwait(false);
                await client.AuthenticateAsync(_options.User, password, cancellationToken).ConfigureAwait(false);
            }

            for (; next < messages.Count; next++)
            {
                var message = messages[next];
                await WaitForRateLimitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
                    var subscriber = MailMessageInfo.Subscriber(message);
                    var digestId = MailMessageInfo.DigestId(message);
                    Log.MailSent(_logger, subscriber, digestId, _options.Host);
                }
                catch (SmtpCommandException ex)
                {
                    // The server refused this message only (MailKit resets the transaction); the connection stays usable.
                    results[next] = Record(message, Classify(ex, cancellationToken)!);
                }
            }
        }
        catch (Exception ex) when (Classify(ex, cancellationToken) is { } failure)
        {
            // The connection is gone: nothing from here on was accepted, so all of it waits for another attempt.
            for (; next < messages.Count; next++)
            {
                results[next] = Record(messages[next], failure);
            }

            return results;
        }

        await DisconnectQuietlyAsync(client, cancellationToken).ConfigureAwait(false);
        return results;
    }

    /// <summary>Maps a failure to a <see cref="DeliveryException"/>, or null when it is not a delivery failure (a bug, or the caller cancelling).</summary>
    internal static DeliveryException? Classify(Exception exception, CancellationToken cancellationToken)
    {
        switch (exception)
        {
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                return null;
            case SmtpCommandException command:
                var code = (int)command.StatusCode;
                var transient = code is >= 400 and < 500;
                var text = string.Create(CultureInfo.InvariantCulture, $"SMTP server replied {code} ({command.ErrorCode}): {command.Message}");
                return new DeliveryException(text, transient, command) { RejectsMessage = !transient && RejectsMessage(command) };
            case CryptographicException:
                return new DeliveryException($"Could not read Smtp:TrustedCertificateFile: {exception.Message}", isTransient: true, exception);
            case SmtpProtocolException or SslHandshakeException or IOException or SocketException or TimeoutException or OperationCanceledException:
                // Refused or dropped connections, TLS trouble and timeouts are the relay's bad moment, not the message's fault.
                return new DeliveryException($"Could not talk to the SMTP server: {exception.Message}", isTransient: true, exception);
            case AuthenticationException or ServiceNotAuthenticatedException or UnauthorizedAccessException:
                // Bad credentials or an unreadable password file are configuration faults: keep the mail pending until ops fix them.
                return new DeliveryException($"SMTP authentication failed: {exception.Message}", isTransient: true, exception);
            case NotSupportedException:
                // E.g. AUTH configured but not offered (often: no TLS, so the server hides AUTH): a setup fault, keep the mail.
                return new DeliveryException($"The SMTP server does not support what is configured: {exception.Message}", isTransient: true, exception);
            case ServiceNotConnectedException:
                return new DeliveryException($"The SMTP connection was lost: {exception.Message}", isTransient: true, exception);
            default:
                return null;
        }
    }

    /// <summary>
    /// Whether a permanent refusal is about the message (its size or content) rather than its recipient or sender: the
    /// DATA was refused (or MailKit refused it against the server's SIZE), 552 anywhere, or an enhanced status code of
    /// message length (5.2.3, 5.3.4) or media/content (5.6.x); never when the enhanced code names the mailbox (5.1.x, or
    /// 5.2.0–5.2.2 such as "552 5.2.2 mailbox full").
    /// </summary>
    internal static bool RejectsMessage(SmtpCommandException exception) =>
        !MailboxStatusCode().IsMatch(exception.Message)
        && (exception.ErrorCode == SmtpErrorCode.MessageNotAccepted
            || exception.StatusCode == SmtpStatusCode.ExceededStorageAllocation
            || (exception.ErrorCode != SmtpErrorCode.RecipientNotAccepted && MessageStatusCode().IsMatch(exception.Message)));

    [GeneratedRegex(@"^\s*5\.(?:2\.3|3\.4|6\.\d{1,3})\b", RegexOptions.CultureInvariant)]
    private static partial Regex MessageStatusCode();

    [GeneratedRegex(@"^\s*5\.(?:1\.\d{1,3}|2\.[0-2])\b", RegexOptions.CultureInvariant)]
    private static partial Regex MailboxStatusCode();

    internal static SecureSocketOptions MapSecurity(SmtpSecurity security) => security switch
    {
        SmtpSecurity.Auto => SecureSocketOptions.Auto,
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => throw new ArgumentOutOfRangeException(nameof(security), security, "Unknown SMTP security mode."),
    };

    /// <summary>Accepts the system's verdict, or a chain that ends in the configured certificate with the right host name.</summary>
    internal static bool IsTrusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2 trusted)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(trusted);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var presented = new X509Certificate2(certificate);
        return chain.Build(presented);
    }

    /// <summary>Spaces messages so no more than Smtp:MaxMessagesPerMinute reach the relay, across all batches of this process.</summary>
    private async Task WaitForRateLimitAsync(CancellationToken cancellationToken)
    {
        if (_options.MaxMessagesPerMinute <= 0)
        {
            return;
        }

        var spacing = TimeSpan.FromMinutes(1) / _options.MaxMessagesPerMinute;
        TimeSpan wait;
        lock (_rateGate)
        {
            var now = _time.GetUtcNow();
            var slot = _nextSlot > now ? _nextSlot : now;
            _nextSlot = slot + spacing;
            wait = slot - now;
        }

        if (wait > TimeSpan.Zero)
        {
            Log.RateLimited(_logger, wait, _options.Host);
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<string> ReadPasswordAsync(CancellationToken cancellationToken)
    {
        // Read on every connection so a rotated secret file is picked up without a restart; mounted secrets often end in a newline.
        if (string.IsNullOrEmpty(_options.PasswordFile))
        {
            return _options.Password;
        }

        var text = await File.ReadAllTextAsync(_options.PasswordFile, cancellationToken).ConfigureAwait(false);
        return text.TrimEnd('\r', '\n');
    }

    private DeliveryException Record(MimeMessage message, DeliveryException failure)
    {
        var subscriber = MailMessageInfo.Subscriber(message);
        var digestId = MailMessageInfo.DigestId(message);
        if (failure.IsTransient)
        {
            Log.MailTransientFailure(_logger, subscriber, digestId, failure.Message, failure);
        }
        else
        {
            Log.MailPermanentFailure(_logger, subscriber, digestId, failure.Message, failure);
        }

        return failure;
    }

    private static async Task DisconnectQuietlyAsync(SmtpClient client, CancellationToken cancellationToken)
    {
        try
        {
            await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Classify(ex, cancellationToken) is not null)
        {
            // Every message was already accepted or refused; a failed QUIT changes nothing for them.
        }
    }
}
