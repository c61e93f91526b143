using NewsWatcher.Delivery;
using SmtpCommandException = MailKit.Net.Smtp.SmtpCommandException;
using SmtpErrorCode = MailKit.Net.Smtp.SmtpErrorCode;
using SmtpStatusCode = MailKit.Net.Smtp.SmtpStatusCode;
using MailKit.Security;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using NewsWatcher.Delivery.Mail;
using NewsWatcher.Tests.Infrastructure;
using SmtpServer.Protocol;

namespace NewsWatcher.Tests.Mail;

public sealed class SmtpMailSenderTests
{
    private static SmtpMailSender Sender(int port, string host = "127.0.0.1") =>
        new(
            Options.Create(new SmtpOptions { Host = host, Port = port, Security = SmtpSecurity.None, Timeout = TimeSpan.FromSeconds(10) }),
            NullLogger<SmtpMailSender>.Instance,
            TimeProvider.System);

    [Fact]
    public async Task SendAsync_ServerAccepts_DeliversBothPartsWithMessageId()
    {
        await using var server = await TestSmtpServer.StartAsync(TestContext.Current.CancellationToken);

        await Sender(server.Port).SendAsync(MailSamples.Message(), TestContext.Current.CancellationToken);

        var received = Assert.Single(server.Messages);
        Assert.Equal("d-42@mail.example.org", received.MessageId);
        Assert.Equal("ana@example.org", Assert.Single(received.To.Mailboxes).Address);
        Assert.Contains("Truce agreed", received.TextBody, StringComparison.Ordinal);
        Assert.Contains("Truce agreed", received.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("auto-generated", received.Headers["Auto-Submitted"]);
    }

    [Fact]
    public async Task SendAsync_Server451_ThrowsTransient()
    {
        await using var server = await TestSmtpServer.StartAsync(TestContext.Current.CancellationToken);
        server.Reply = TestSmtpServer.TransientFailure;

        var error = await Assert.ThrowsAsync<DeliveryException>(() => Sender(server.Port).SendAsync(MailSamples.Message(), TestContext.Current.CancellationToken));

        Assert.True(error.IsTransient);
        Assert.Contains("451", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task SendAsync_Server550_ThrowsPermanent()
    {
        await using var server = await TestSmtpServer.StartAsync(TestContext.Current.CancellationToken);
        server.Reply = TestSmtpServer.PermanentFailure;

        var error = await Assert.ThrowsAsync<DeliveryException>(() => Sender(server.Port).SendAsync(MailSamples.Message(), TestContext.Current.CancellationToken));

        Assert.False(error.IsTransient);
        Assert.Contains("550", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_NothingListening_ThrowsTransient()
    {
        var error = await Assert.ThrowsAsync<DeliveryException>(() => Sender(TestSmtpServer.UnusedPort()).SendAsync(MailSamples.Message(), TestContext.Current.CancellationToken));

        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task SendAsync_CallerCancelled_ThrowsOperationCanceled()
    {
        await using var server = await TestSmtpServer.StartAsync(TestContext.Current.CancellationToken);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Sender(server.Port).SendAsync(MailSamples.Message(), cancelled.Token));
    }

    [Fact]
    public async Task SendBatchAsync_OneRecipientRejected_OthersDelivered()
    {
        await using var server = await TestSmtpServer.StartAsync(TestContext.Current.CancellationToken);
        server.Responder = m => m.To.Mailboxes.Any(a => a.Address == "bad@example.org") ? TestSmtpServer.PermanentFailure : SmtpResponse.Ok;
        MimeMessage[] messages = [MailSamples.Message("d-1"), MailSamples.Message("d-2", "bad@example.org"), MailSamples.Message("d-3")];

        var results = await Sender(server.Port).SendBatchAsync(messages, TestContext.Current.CancellationToken);

        Assert.Null(results[0]);
        Assert.False(Assert.IsType<DeliveryException>(results[1]).IsTransient);
        Assert.Null(results[2]);
        Assert.Equal(["d-1@mail.example.org", "d-3@mail.example.org"], server.Messages.Select(m => m.MessageId));
    }

    [Fact]
    public async Task SendBatchAsync_NothingListening_AllTransient()
    {
        var results = await Sender(TestSmtpServer.UnusedPort()).SendBatchAsync([MailSamples.Message("d-1"), MailSamples.Message("d-2")], TestContext.Current.CancellationToken);

        Assert.All(results, r => Assert.True(r!.IsTransient));
    }

    [Fact]
    public async Task SendAsync_UserWithPasswordFile_AuthenticatesWithFileContents()
    {
        await using var server = await TestSmtpServer.StartAsync(TestContext.Current.CancellationToken);
        server.RequiredPassword = "s3cret";
        var passwordFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(passwordFile, "s3cret\n", TestContext.Current.CancellationToken);
            var options = new SmtpOptions
            {
                Host = TestSmtpServer.Host,
                Port = server.Port,
                Security = SmtpSecurity.None,
                User = "relay-user",
                Password = "ignored",
                PasswordFile = passwordFile,
            };
            var sender = new SmtpMailSender(Options.Create(options), NullLogger<SmtpMailSender>.Instance, TimeProvider.System);

            await sender.SendAsync(MailSamples.Message(), TestContext.Current.CancellationToken);

            Assert.Equal(("relay-user", "s3cret"), Assert.Single(server.Logins));
            Assert.Single(server.Messages);
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    [Fact]
    public async Task SendAsync_WrongPassword_ThrowsTransient()
    {
        await using var server = await TestSmtpServer.StartAsync(TestContext.Current.CancellationToken);
        server.RequiredPassword = "right";
        var options = new SmtpOptions { Host = TestSmtpServer.Host, Port = server.Port, Security = SmtpSecurity.None, User = "u", Password = "wrong" };
        var sender = new SmtpMailSender(Options.Create(options), NullLogger<SmtpMailSender>.Instance, TimeProvider.System);

        var error = await Assert.ThrowsAsync<DeliveryException>(() => sender.SendAsync(MailSamples.Message(), TestContext.Current.CancellationToken));

        Assert.True(error.IsTransient);
        Assert.DoesNotContain("wrong", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.Messages);
    }

    [Theory]
    [InlineData(SmtpSecurity.Auto, SecureSocketOptions.Auto)]
    [InlineData(SmtpSecurity.None, SecureSocketOptions.None)]
    [InlineData(SmtpSecurity.StartTls, SecureSocketOptions.StartTls)]
    [InlineData(SmtpSecurity.SslOnConnect, SecureSocketOptions.SslOnConnect)]
    public void MapSecurity_EachMode_MapsToMailKit(SmtpSecurity security, SecureSocketOptions expected) =>
        Assert.Equal(expected, SmtpMailSender.MapSecurity(security));

    [Theory]
    [InlineData(SmtpErrorCode.MessageNotAccepted, SmtpStatusCode.ExceededStorageAllocation, "5.3.4 Message size exceeds fixed maximum message size", true)]
    [InlineData(SmtpErrorCode.SenderNotAccepted, SmtpStatusCode.ExceededStorageAllocation, "size limit exceeded", true)]
    [InlineData(SmtpErrorCode.MessageNotAccepted, SmtpStatusCode.TransactionFailed, "5.7.1 Message content rejected", true)]
    [InlineData(SmtpErrorCode.SenderNotAccepted, SmtpStatusCode.TransactionFailed, "5.3.4 Message too big for system", true)]
    [InlineData(SmtpErrorCode.SenderNotAccepted, SmtpStatusCode.TransactionFailed, "5.6.0 Invalid content", true)]
    [InlineData(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxUnavailable, "5.1.1 Mailbox unavailable", false)]
    [InlineData(SmtpErrorCode.MessageNotAccepted, SmtpStatusCode.MailboxUnavailable, "5.1.1 Mailbox unavailable", false)]
    [InlineData(SmtpErrorCode.MessageNotAccepted, SmtpStatusCode.ExceededStorageAllocation, "5.2.2 Mailbox full", false)]
    [InlineData(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.TransactionFailed, "5.7.1 Relay access denied", false)]
    [InlineData(SmtpErrorCode.SenderNotAccepted, SmtpStatusCode.MailboxUnavailable, "5.7.1 Sender rejected", false)]
    public void Classify_PermanentRefusal_RejectsMessageOnlyForSizeOrContent(SmtpErrorCode error, SmtpStatusCode status, string text, bool rejectsMessage)
    {
        var failure = SmtpMailSender.Classify(new SmtpCommandException(error, status, text), CancellationToken.None)!;

        Assert.False(failure.IsTransient);
        Assert.Equal(rejectsMessage, failure.RejectsMessage);
    }

    [Fact]
    public void Classify_TransientRefusal_NeverRejectsMessage()
    {
        var failure = SmtpMailSender.Classify(new SmtpCommandException(SmtpErrorCode.MessageNotAccepted, SmtpStatusCode.InsufficientStorage, "4.3.1 Insufficient system storage"), CancellationToken.None)!;

        Assert.True(failure.IsTransient);
        Assert.False(failure.RejectsMessage);
    }

    [Fact]
    public void Classify_TimeoutOrProtocolOrTls_Transient()
    {
        Assert.True(SmtpMailSender.Classify(new TimeoutException(), CancellationToken.None)!.IsTransient);
        Assert.True(SmtpMailSender.Classify(new MailKit.Net.Smtp.SmtpProtocolException("bad"), CancellationToken.None)!.IsTransient);
        Assert.True(SmtpMailSender.Classify(new SslHandshakeException("tls"), CancellationToken.None)!.IsTransient);
        Assert.True(SmtpMailSender.Classify(new OperationCanceledException(), CancellationToken.None)!.IsTransient);
    }

    [Fact]
    public void Classify_CallerCancelled_NotMapped()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Null(SmtpMailSender.Classify(new OperationCanceledException(cancelled.Token), cancelled.Token));
    }
}
