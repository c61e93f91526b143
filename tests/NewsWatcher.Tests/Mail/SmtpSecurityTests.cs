using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NewsWatcher.Delivery;
using NewsWatcher.Delivery.Mail;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Mail;

/// <summary>TLS modes, authentication, secrets and pacing against the in-process SMTP server with a self-signed certificate.</summary>
public sealed class SmtpSecurityTests : IDisposable
{
    private const string Password = "pa55-Wörd-never-logged";

    private readonly string _folder = TempDirectory.Create("smtp-tls");
    private readonly X509Certificate2 _certificate;
    private readonly string _trustedPem;

    public SmtpSecurityTests()
    {
        _certificate = SelfSigned("localhost");
        _trustedPem = Path.Combine(_folder, "relay.pem");
        File.WriteAllText(_trustedPem, _certificate.ExportCertificatePem());
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<SmtpSecurity, bool> SecureModes => new()
    {
        { SmtpSecurity.StartTls, false },
        { SmtpSecurity.Auto, false },
        { SmtpSecurity.SslOnConnect, true },
    };

    [Theory]
    [MemberData(nameof(SecureModes))]
    public async Task Send_SecureModeWithAuth_DeliversOverTls(SmtpSecurity security, bool secureOnConnect)
    {
        await using var server = await TestSmtpServer.StartAsync(_certificate, secureOnConnect, Token);
        server.RequiredPassword = Password;

        await Sender(server, security).SendAsync(MailSamples.Message(), Token);

        // The server refuses AUTH on a plain connection, so a successful login means the session was encrypted.
        Assert.Equal(("relay-user", Password), Assert.Single(server.Logins));
        Assert.Single(server.Messages);
    }

    [Fact]
    public async Task Send_NoneModeWithoutAuth_DeliversInPlainText()
    {
        await using var server = await TestSmtpServer.StartAsync(_certificate, secureOnConnect: false, Token);

        await Sender(server, SmtpSecurity.None, user: "").SendAsync(MailSamples.Message(), Token);

        Assert.Single(server.Messages);
        Assert.Empty(server.Logins);
    }

    [Fact]
    public async Task Send_NoneModeWithAuth_AuthNotOfferedOnPlainConnection_TransientAndNothingSent()
    {
        await using var server = await TestSmtpServer.StartAsync(_certificate, secureOnConnect: false, Token);

        var error = await Assert.ThrowsAsync<DeliveryException>(() => Sender(server, SmtpSecurity.None).SendAsync(MailSamples.Message(), Token));

        Assert.True(error.IsTransient);
        Assert.Empty(server.Messages);
    }

    [Theory]
    [InlineData(SmtpSecurity.StartTls, false)]
    [InlineData(SmtpSecurity.SslOnConnect, true)]
    public async Task Send_UntrustedCertificate_TlsHandshakeFailsTransient(SmtpSecurity security, bool secureOnConnect)
    {
        await using var server = await TestSmtpServer.StartAsync(_certificate, secureOnConnect, Token);

        var error = await Assert.ThrowsAsync<DeliveryException>(() => Sender(server, security, trust: false).SendAsync(MailSamples.Message(), Token));

        Assert.True(error.IsTransient);
        Assert.Empty(server.Messages);
        Assert.Empty(server.Logins);
    }

    [Fact]
    public async Task Send_CertificateForAnotherHost_Rejected()
    {
        using var other = SelfSigned("relay.example.org");
        await using var server = await TestSmtpServer.StartAsync(other, secureOnConnect: true, Token);
        var pem = Path.Combine(_folder, "other.pem");
        await File.WriteAllTextAsync(pem, other.ExportCertificatePem(), Token);
        var options = Options(server, SmtpSecurity.SslOnConnect, user: "");
        options.TrustedCertificateFile = pem;

        var error = await Assert.ThrowsAsync<DeliveryException>(() => new SmtpMailSender(Microsoft.Extensions.Options.Options.Create(options), NullLogger<SmtpMailSender>.Instance, TimeProvider.System).SendAsync(MailSamples.Message(), Token));

        Assert.True(error.IsTransient);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task Send_SslOnConnectAgainstPlainServer_Transient()
    {
        await using var server = await TestSmtpServer.StartAsync(Token);

        var error = await Assert.ThrowsAsync<DeliveryException>(() => Sender(server, SmtpSecurity.SslOnConnect, user: "").SendAsync(MailSamples.Message(), Token));

        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task Send_PasswordFromFileRightAndWrong_PasswordNeverInLogsOrErrors()
    {
        var logs = new ListLogger();
        var passwordFile = Path.Combine(_folder, "password");
        await File.WriteAllTextAsync(passwordFile, Password + "\n", Token);
        await using var server = await TestSmtpServer.StartAsync(_certificate, secureOnConnect: false, Token);
        var options = Options(server, SmtpSecurity.StartTls);
        options.Password = "";
        options.PasswordFile = passwordFile;

        server.RequiredPassword = Password;
        await new SmtpMailSender(Microsoft.Extensions.Options.Options.Create(options), logs, TimeProvider.System).SendAsync(MailSamples.Message("d-1"), Token);
        server.RequiredPassword = "something-else";
        var refused = await new SmtpMailSender(Microsoft.Extensions.Options.Options.Create(options), logs, TimeProvider.System).SendBatchAsync([MailSamples.Message("d-2")], Token);

        Assert.Equal(Password, server.Logins.First().Password);
        Assert.True(refused[0]!.IsTransient);
        Assert.NotEmpty(logs.Entries);
        Assert.Contains(logs.Entries, e => e.Contains("d-1", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.Contains("d-2", StringComparison.Ordinal));
        Assert.All(logs.Entries, e => Assert.DoesNotContain(Password, e, StringComparison.Ordinal));
        Assert.DoesNotContain(Password, refused[0]!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendBatch_RateLimit_SpacesMessagesOnTheClock()
    {
        await using var server = await TestSmtpServer.StartAsync(Token);
        var time = new TimerWatchingTimeProvider(DateTimeOffset.UnixEpoch);
        var options = Options(server, SmtpSecurity.None);
        options.User = "";
        options.MaxMessagesPerMinute = 60;
        var sender = new SmtpMailSender(Microsoft.Extensions.Options.Options.Create(options), NullLogger<SmtpMailSender>.Instance, time);

        var sending = sender.SendBatchAsync([MailSamples.Message("d-1"), MailSamples.Message("d-2"), MailSamples.Message("d-3")], Token);

        // The sender waits on the clock for the second slot: until the clock moves, only the first message is through.
        var secondSlot = await time.NextTimerAsync(Token);
        var beforeSecondSlot = server.Messages.Count;
        time.Advance(secondSlot);
        var thirdSlot = await time.NextTimerAsync(Token);
        var beforeThirdSlot = server.Messages.Count;
        time.Advance(thirdSlot);
        var results = await sending;

        Assert.Equal(TimeSpan.FromSeconds(1), secondSlot);
        Assert.Equal(TimeSpan.FromSeconds(1), thirdSlot);
        Assert.Equal(1, beforeSecondSlot);
        Assert.Equal(2, beforeThirdSlot);
        Assert.All(results, Assert.Null);
        Assert.Equal(3, server.Messages.Count);
        Assert.Equal(1, server.Sessions);
    }

    public void Dispose()
    {
        _certificate.Dispose();
        TempDirectory.DeleteQuietly(_folder);
    }

    /// <summary>A self-signed server certificate for <paramref name="host"/> and 127.0.0.1, made fresh for each test run.</summary>
    private static X509Certificate2 SelfSigned(string host)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(host);
        if (host == "localhost")
        {
            names.AddIpAddress(IPAddress.Loopback);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var created = request.CreateSelfSigned(TimeProvider.System.GetUtcNow().AddMinutes(-5), TimeProvider.System.GetUtcNow().AddDays(1));

        // Through PKCS#12 so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    private SmtpOptions Options(TestSmtpServer server, SmtpSecurity security, string user = "relay-user", bool trust = true) => new()
    {
        Host = TestSmtpServer.Host,
        Port = server.Port,
        Security = security,
        User = user,
        Password = user.Length > 0 ? Password : "",
        TrustedCertificateFile = trust ? _trustedPem : "",
        Timeout = TimeSpan.FromSeconds(20),
        MaxMessagesPerMinute = 0,
    };

    private SmtpMailSender Sender(TestSmtpServer server, SmtpSecurity security, string user = "relay-user", bool trust = true) =>
        new(Microsoft.Extensions.Options.Options.Create(Options(server, security, user, trust)), NullLogger<SmtpMailSender>.Instance, TimeProvider.System);

    /// <summary>Keeps every formatted log line with its exception, to search for secrets.</summary>
    private sealed class ListLogger : ILogger<SmtpMailSender>
    {
        public ConcurrentQueue<string> Entries { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Enqueue(formatter(state, exception) + " " + exception);
    }
}
