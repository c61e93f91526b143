using MimeKit;
using NewsWatcher.Core.Delivery;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Delivery.Mail;

namespace NewsWatcher.Tests.Mail;

public sealed class DigestMessageFactoryTests
{
    [Fact]
    public void Create_Digest_SetsAddressesSubjectIdsAndDate()
    {
        var message = MailSamples.Message();

        Assert.Equal("newswatcher@example.org", Assert.Single(message.From.Mailboxes).Address);
        Assert.Equal("ana@example.org", Assert.Single(message.To.Mailboxes).Address);
        Assert.Equal("[NewsWatcher] Truce agreed: Truce agreed", message.Subject);
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
        Assert.Equal("<mailto:newswatcher@example.org?subject=unsubscribe%20ana%40example.org>", message.Headers["List-Unsubscribe"]);
        Assert.NotNull(message.Headers["Date"]);
    }

    [Fact]
    public void Create_SameDigestTwice_SameMessageId()
    {
        Assert.Equal(MailSamples.Message("d-7").MessageId, MailSamples.Message("d-7").MessageId);
        Assert.NotEqual(MailSamples.Message("d-7").MessageId, MailSamples.Message("d-8").MessageId);
    }

    [Fact]
    public void UnsubscribeLink_HostileSubscriberText_PercentEncodedOneLine()
    {
        var link = DigestMessageFactory.UnsubscribeLink("Desk <desk@example.org>", "a@example.org>\r\nBcc: x@example.org");

        Assert.StartsWith("mailto:desk@example.org?subject=unsubscribe%20a%40example.org%3E%0D%0ABcc", link, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', link);
        Assert.DoesNotContain('>', link);
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
        var alert = DigestComposer.Compose("a-1", digest.Route, OutboxKind.Alert, [.. digest.Sections.SelectMany(s => s.Items)], digest.CreatedAt);

        var message = DigestMessageFactory.Create(alert, DigestRenderer.Render(alert, new Dictionary<string, string>()), MailSamples.From, MailSamples.Host);

        Assert.StartsWith("[NewsWatcher] Alert: ", message.Subject, StringComparison.Ordinal);
    }
}
