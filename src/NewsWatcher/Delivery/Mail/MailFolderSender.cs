using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using NewsWatcher.Delivery;

namespace NewsWatcher.Delivery.Mail;

/// <summary>Writes each message as an .eml file in the mail folder (MailFolder:Directory, ./outbox): the default when no SMTP host is configured.</summary>
internal sealed class MailFolderSender : IMailSender
{
    private readonly MailFolderOptions _options;
    private readonly ILogger<MailFolderSender> _logger;

    public MailFolderSender(IOptions<MailFolderOptions> options, ILogger<MailFolderSender> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _logger = logger;
    }

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var subscriber = MailMessageInfo.Subscriber(message);
        var digestId = MailMessageInfo.DigestId(message);
        var directory = Path.GetFullPath(_options.Directory);
        var path = Path.Combine(directory, FileName(message));

        // A reader (a person, a test, a forwarding script) must never see half a message: write aside, then rename.
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(directory);
            var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                await WireFormat.WriteAsync(message, stream, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            // Overwrite: a resend after a crash carries the same Message-ID, so it replaces the file instead of adding one.
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
            throw new DeliveryException($"Could not write the message to the outbox {directory}: {ex.Message}", isTransient: true, ex);
        }

        Log.OutboxWritten(_logger, subscriber, digestId, path);
    }

    /// <summary>
    /// Removes the hidden temporaries of writes that were cut off (a kill -9 between create and rename), logging each.
    /// Their messages are still recorded in the store as being sent, so the next send writes them again in full.
    /// </summary>
    /// <returns>The names removed.</returns>
    public IReadOnlyList<string> RemoveInterruptedWrites()
    {
        var directory = Path.GetFullPath(_options.Directory);
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var removed = new List<string>();
        foreach (var path in Directory.EnumerateFiles(directory, ".*.eml.*.tmp"))
        {
            // Only names this sender makes: ".{name}.eml.{32 hex digits}.tmp".
            var name = Path.GetFileName(path);
            var guid = name[(name.LastIndexOf(".eml.", StringComparison.Ordinal) + ".eml.".Length)..^".tmp".Length];
            if (guid.Length != 32 || !guid.All(char.IsAsciiHexDigitLower))
            {
                continue;
            }

            if (TryDelete(path))
            {
                Log.OutboxTemporaryRemoved(_logger, path);
                removed.Add(name);
            }
        }

        return removed;
    }

    /// <summary>"{digest id}.eml" (else the Message-ID), reduced to characters safe in any file system.</summary>
    /// <remarks>Named by id alone, so a resend of the same message overwrites its file; digest ids start with the UTC time, so names sort by time.</remarks>
    internal static string FileName(MimeMessage message)
    {
        var id = message.Headers[DigestMessageFactory.DigestHeader];
        if (string.IsNullOrWhiteSpace(id))
        {
            id = message.MessageId;
        }

        var safe = new string([.. (id ?? "").Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')]).Trim('.');
        if (safe.Length == 0)
        {
            // No id at all (never for our messages): name it by its content, which is still stable across resends.
            safe = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(WireFormat.ToBytes(message)))[..32];
        }
        else if (safe.Length > 100)
        {
            safe = safe[..100];
        }

        return safe + ".eml";
    }

    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (IOException)
        {
            // Leftover .tmp files are ignored by readers of *.eml; not worth failing over.
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
            return false;
        }
    }
}
