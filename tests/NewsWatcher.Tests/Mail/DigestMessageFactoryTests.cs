using MimeKit;
using NewsWatcher.Core.Digests;
using NewsWatcher.Mail;

namespace NewsWatcher.Tests.Mail;

public sealed class DigestMessageFactoryTests
{
    [Fact]
    public void Create_Digest_SetsAddressesSubjectIdsAndDate()
    {
        var message = MailSamples.Message();

        Assert.Equal("newswatcher@example.org", Assert.Single(message.From.Mailboxes).Address);
        Assert.Equal("ana@example.org", Assert.Single(message.To.Mailboxes).Address);
        Assert.Equal("[NewsWatcher] Agreement: Truce agreed", message.Subject);
        Assert.Equal("d-42@mail.example.org", message.MessageId);
        Assert.Equal(MailSamples.CreatedAt, message.Date);
    }

    [Fact]
    public void Create_Digest_AddsAutomationHeaders()
    {
        var message = MailSamples.Message();

        Assert.Equal("auto-generated", message.Headers["Auto-Submitted"]);
        Assert.Equal("NewsWatcher <newswatcher.mail.example.org>", message.Headers["List-Id"]);
        Assert.Equal("d-42", message.Headers[DigestMessageFactory.DigestHeader]);
    }

    [Fact]
    public void Create_Digest_HasTextAndHtmlAlternatives()
    {
        var message = MailSamples.Message();

        var alternative = Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Contains("Truce agreed", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("<mark", message.HtmlBody, StringComparison.Ordinal);
        Assert.Equal(2, alternative.Count);
    }

    [Fact]
    public void Create_SubjectWithLineBreaks_NoHeaderInjection()
    {
        var (digest, rendered) = MailSamples.Digest(title: "Truce\r\nBcc: victim@example.org");
        rendered = rendered with { Subject = rendered.Subject + "\r\nX-Evil: 1" };

        var message = DigestMessageFactory.Create(digest, rendered, MailSamples.From, MailSamples.Host);

        using var stream = new MemoryStream();
        message.WriteTo(stream, TestContext.Current.CancellationToken);
        using var copy = new MemoryStream(stream.ToArray());
        var reparsed = MimeMessage.Load(copy, TestContext.Current.CancellationToken);
        Assert.Empty(reparsed.Bcc);
        Assert.Null(reparsed.Headers["X-Evil"]);
        Assert.Equal(message.Subject, reparsed.Subject);
        Assert.DoesNotContain('\n', message.Subject!);
    }

    [Fact]
    public void Create_Alert_SubjectStartsWithAlert()
    {
        var (digest, _) = MailSamples.Digest();
        var alert = DigestComposer.Compose("a-1", digest.Subscriber, DeliveryChannel.Alert, [.. digest.Sections.SelectMany(s => s.Items)], digest.CreatedAt);

        var message = DigestMessageFactory.Create(alert, DigestRenderer.Render(alert, new Dictionary<string, string>()), MailSamples.From, MailSamples.Host);

        Assert.StartsWith("[NewsWatcher] Alert: ", message.Subject, StringComparison.Ordinal);
    }
}
