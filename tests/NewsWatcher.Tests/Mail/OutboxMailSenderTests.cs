using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using NewsWatcher.Mail;

namespace NewsWatcher.Tests.Mail;

public sealed class OutboxMailSenderTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "newswatcher-outbox-" + Guid.NewGuid().ToString("N"), "outbox");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 14, 5, 9, TimeSpan.Zero));

    public void Dispose()
    {
        var root = Path.GetDirectoryName(_directory)!;
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private OutboxMailSender Sender() =>
        new(Options.Create(new OutboxOptions { Directory = _directory }), _time, NullLogger<OutboxMailSender>.Instance);

    [Fact]
    public async Task SendAsync_Message_WritesReadableEmlNamedByTimeAndDigest()
    {
        await Sender().SendAsync(MailSamples.Message(), TestContext.Current.CancellationToken);

        var file = Assert.Single(Directory.GetFiles(_directory));
        Assert.Equal("20261125-140509-d-42.eml", Path.GetFileName(file));
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
        _time.Advance(TimeSpan.FromSeconds(1));
        await sender.SendAsync(MailSamples.Message("d-2"), TestContext.Current.CancellationToken);

        Assert.Equal(["20261125-140509-d-1.eml", "20261125-140510-d-2.eml"], Directory.GetFiles(_directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void FileName_NoDigestHeader_UsesSanitizedMessageId()
    {
        var message = new MimeMessage { MessageId = "../../etc/passwd@evil" };

        var name = OutboxMailSender.FileName(message, _time.GetUtcNow());

        Assert.Equal("20261125-140509-etcpasswdevil.eml", name);
    }
}
