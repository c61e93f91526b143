using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using NewsWatcher.Delivery.Mail;

namespace NewsWatcher.Tests.Mail;

public sealed class MailFolderSenderTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "newswatcher-outbox-" + Guid.NewGuid().ToString("N"), "outbox");

    public void Dispose()
    {
        var root = Path.GetDirectoryName(_directory)!;
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private MailFolderSender Sender() =>
        new(Options.Create(new MailFolderOptions { Directory = _directory }), NullLogger<MailFolderSender>.Instance);

    [Fact]
    public async Task SendAsync_Message_WritesReadableEmlNamedByDigestId()
    {
        await Sender().SendAsync(MailSamples.Message(), TestContext.Current.CancellationToken);

        var file = Assert.Single(Directory.GetFiles(_directory));
        Assert.Equal("d-42.eml", Path.GetFileName(file));
        var message = await MimeMessage.LoadAsync(file, TestContext.Current.CancellationToken);
        Assert.Equal("d-42@mail.example.org", message.MessageId);
        Assert.Contains("Truce agreed", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Truce agreed", message.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_SeveralMessages_OneFileEachNoTemporariesLeft()
    {
        var sender = Sender();

        await sender.SendAsync(MailSamples.Message("d-1"), TestContext.Current.CancellationToken);
        await sender.SendAsync(MailSamples.Message("d-2"), TestContext.Current.CancellationToken);

        Assert.Equal(["d-1.eml", "d-2.eml"], Directory.GetFiles(_directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SendAsync_SameMessageResentLater_OverwritesItsFile()
    {
        var sender = Sender();
        var first = MailSamples.Message("20261125T140509Z.alert.5f3a");
        await sender.SendAsync(first, TestContext.Current.CancellationToken);
        var written = await File.ReadAllBytesAsync(Assert.Single(Directory.GetFiles(_directory)), TestContext.Current.CancellationToken);

        // A crash between writing and the ack: the next run resends the recorded bytes, so the same Message-ID.
        using var stored = new MemoryStream(written);
        var resent = await MimeMessage.LoadAsync(stored, TestContext.Current.CancellationToken);
        await sender.SendAsync(resent, TestContext.Current.CancellationToken);

        var file = Assert.Single(Directory.GetFiles(_directory));
        Assert.Equal("20261125T140509Z.alert.5f3a.eml", Path.GetFileName(file));
        Assert.Equal(written, await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task SendAsync_LongNonAsciiLines_WrittenAsOverSmtpSevenBitShortLinesWithTransferEncoding()
    {
        // One paragraph of 5,561 characters, Cyrillic and Latin: raw it is one 8-bit line of about 8 KB.
        var title = string.Concat(Enumerable.Repeat("Кремль відхилив перемир'я truce Russia ", 150))[..5561];
        var (digest, rendered) = MailSamples.Digest(title: title);
        var message = DigestMessageFactory.Create(digest, rendered, MailSamples.From, MailSamples.Host);

        await Sender().SendAsync(message, TestContext.Current.CancellationToken);

        var bytes = await File.ReadAllBytesAsync(Assert.Single(Directory.GetFiles(_directory)), TestContext.Current.CancellationToken);
        Assert.All(bytes, b => Assert.True(b < 0x80, "every byte must be 7-bit"));
        var lines = System.Text.Encoding.ASCII.GetString(bytes).Split("\r\n");
        Assert.All(lines, line => Assert.True(line.Length <= 998, $"a line of {line.Length} characters"));
        Assert.DoesNotContain(lines[..^1], line => line.Contains('\n', StringComparison.Ordinal) || line.Contains('\r', StringComparison.Ordinal));
        using var stream = new MemoryStream(bytes);
        var loaded = await MimeMessage.LoadAsync(stream, TestContext.Current.CancellationToken);
        var parts = loaded.BodyParts.OfType<TextPart>().ToList();
        Assert.Equal(2, parts.Count);
        Assert.All(parts, p => Assert.True(p.ContentTransferEncoding is ContentEncoding.QuotedPrintable or ContentEncoding.Base64, $"{p.ContentType.MimeType}: {p.ContentTransferEncoding}"));
        Assert.Contains(title[..60], loaded.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void FileName_NoDigestHeader_UsesSanitizedMessageId()
    {
        var message = new MimeMessage { MessageId = "../../etc/passwd@evil" };

        var name = MailFolderSender.FileName(message);

        Assert.Equal("etcpasswdevil.eml", name);
    }
}
