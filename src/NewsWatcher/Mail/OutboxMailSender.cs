using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace NewsWatcher.Mail;

/// <summary>Writes each message as an .eml file in the outbox folder: the default when no SMTP host is configured.</summary>
public sealed class OutboxMailSender : IMailSender
{
    private readonly OutboxOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<OutboxMailSender> _logger;

    public OutboxMailSender(IOptions<OutboxOptions> options, TimeProvider timeProvider, ILogger<OutboxMailSender> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var subscriber = MailMessageInfo.Subscriber(message);
        var digestId = MailMessageInfo.DigestId(message);
        var directory = Path.GetFullPath(_options.Directory);
        var path = Path.Combine(directory, FileName(message, _timeProvider.GetUtcNow()));

        // A reader (a person, a test, a forwarding script) must never see half a message: write aside, then rename.
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(directory);
            var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                await message.WriteToAsync(stream, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            // Overwrite: the same digest written twice in one second is the same message (same Message-ID).
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException || (ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            TryDelete(temporary);
            if (ex is OperationCanceledException)
            {
                throw;
            }

            Log.OutboxFailed(_logger, subscriber, digestId, directory, ex);
            throw new MailSendException($"Could not write the message to the outbox {directory}: {ex.Message}", isTransient: true, ex);
        }

        Log.OutboxWritten(_logger, subscriber, digestId, path);
    }

    /// <summary>"{yyyyMMdd-HHmmss}-{digest id}.eml", with the id reduced to characters safe in any file system.</summary>
    internal static string FileName(MimeMessage message, DateTimeOffset now)
    {
        var id = message.Headers[DigestMessageFactory.DigestHeader];
        if (string.IsNullOrWhiteSpace(id))
        {
            id = message.MessageId;
        }

        var safe = new string([.. (id ?? "").Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')]).Trim('.');
        if (safe.Length == 0)
        {
            safe = Guid.NewGuid().ToString("N");
        }
        else if (safe.Length > 100)
        {
            safe = safe[..100];
        }

        return now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + safe + ".eml";
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Leftover .tmp files are ignored by readers of *.eml; not worth failing over.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
