using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using SmtpServerHost = SmtpServer.SmtpServer;
using SmtpServiceProvider = SmtpServer.ComponentModel.ServiceProvider;

namespace NewsWatcher.Tests.Infrastructure;

/// <summary>
/// A real SMTP server (NuGet SmtpServer) on 127.0.0.1 and a free port, for integration tests.
/// Captures accepted messages in <see cref="Messages"/>; set <see cref="Reply"/> (or <see cref="Responder"/>) to make it
/// answer DATA with 451, 550, or anything else.
/// </summary>
internal sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<MimeMessage> _messages = new();
    private readonly ConcurrentQueue<MimeMessage> _offered = new();
    private readonly System.Threading.Channels.Channel<MimeMessage> _accepted = System.Threading.Channels.Channel.CreateUnbounded<MimeMessage>();
    private int _sessions;
    private readonly ConcurrentQueue<(string User, string Password)> _logins = new();
    private readonly SmtpServerHost _server;
    private readonly Task _running;

    private TestSmtpServer(SmtpServerHost server, Task running, int port)
    {
        _server = server;
        _running = running;
        Port = port;
    }

    public static string Host => "127.0.0.1";

    public int Port { get; }

    /// <summary>Messages the server accepted (replied 250 to), in order.</summary>
    public IReadOnlyCollection<MimeMessage> Messages => _messages;

    /// <summary>Waits for the next message the server accepts (each accepted message is handed out once, in order).</summary>
    public ValueTask<MimeMessage> NextMessageAsync(CancellationToken cancellationToken) => _accepted.Reader.ReadAsync(cancellationToken);

    /// <summary>AUTH attempts seen (user, password), in order. AUTH is offered on plain connections; it is optional.</summary>
    public IReadOnlyCollection<(string User, string Password)> Logins => _logins;

    /// <summary>When set, AUTH succeeds only with this password; otherwise every login succeeds.</summary>
    public string? RequiredPassword { get; set; }

    /// <summary>Reply to DATA for every message; <see cref="SmtpResponse.Ok"/> by default.</summary>
    public SmtpResponse Reply { get; set; } = SmtpResponse.Ok;

    /// <summary>When set, decides the reply per message (wins over <see cref="Reply"/>); e.g. reject one recipient in a batch.</summary>
    public Func<MimeMessage, SmtpResponse>? Responder { get; set; }

    public static SmtpResponse TransientFailure { get; } = new((SmtpReplyCode)451, "4.3.0 Try again later");

    public static SmtpResponse PermanentFailure { get; } = new((SmtpReplyCode)550, "5.1.1 Mailbox unavailable");

    /// <summary>Connections opened to the server so far (one per SMTP session).</summary>
    public int Sessions => Volatile.Read(ref _sessions);

    /// <summary>Every message offered in DATA, accepted or not, in order (retries show up here with their Message-ID).</summary>
    public IReadOnlyCollection<MimeMessage> Offered => _offered;

    public static Task<TestSmtpServer> StartAsync(CancellationToken cancellationToken = default) => StartAsync(null, secureOnConnect: false, cancellationToken);

    /// <summary>A server that announces SIZE <paramref name="maxMessageSize"/> and refuses bigger messages with 552, as Postfix's message_size_limit does.</summary>
    public static Task<TestSmtpServer> StartAsync(int maxMessageSize, CancellationToken cancellationToken) => StartAsync(null, secureOnConnect: false, cancellationToken, maxMessageSize);

    /// <param name="certificate">Offer TLS with this certificate: STARTTLS, or TLS from the first byte when <paramref name="secureOnConnect"/>.</param>
    /// <param name="maxMessageSize">Bytes; 0 for no limit.</param>
    public static async Task<TestSmtpServer> StartAsync(X509Certificate2? certificate, bool secureOnConnect, CancellationToken cancellationToken, int maxMessageSize = 0)
    {
        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listeners = new EndpointListenerFactory();
        listeners.EndpointStarted += (_, e) => started.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);

        // Port 0: the OS picks a free port, so parallel tests never collide; EndpointStarted tells us which one.
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .MaxMessageSize(maxMessageSize)
            .Endpoint(b =>
            {
                // With TLS on offer, AUTH is only accepted once the connection is secure: a login that works proves TLS was used.
                b.Endpoint(new IPEndPoint(IPAddress.Loopback, 0)).AllowUnsecureAuthentication(certificate is null).AuthenticationRequired(false);
                if (certificate is not null)
                {
                    b.Certificate(certificate).IsSecure(secureOnConnect);
                }
            })
            .Build();

        TestSmtpServer? self = null;
        var services = new SmtpServiceProvider();
        services.Add(listeners);
        services.Add(new CapturingStore(message => self!.Accept(message)));
        services.Add(new DelegatingUserAuthenticator((user, password) => self!.Login(user, password)));

        var server = new SmtpServerHost(options, services);
        server.SessionCreated += (_, _) => Interlocked.Increment(ref self!._sessions);
        var running = server.StartAsync(CancellationToken.None);
        var port = await started.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        self = new TestSmtpServer(server, running, port);
        return self;
    }

    /// <summary>A loopback port with nothing listening on it, for "connection refused" tests.</summary>
    public static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        _server.Shutdown();
        await Task.WhenAny(_server.ShutdownTask, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        await Task.WhenAny(_running, Task.Delay(TimeSpan.FromSeconds(1))).ConfigureAwait(false);
    }

    private bool Login(string user, string password)
    {
        _logins.Enqueue((user, password));
        return RequiredPassword is null || string.Equals(RequiredPassword, password, StringComparison.Ordinal);
    }

    private SmtpResponse Accept(MimeMessage message)
    {
        _offered.Enqueue(message);
        var reply = Responder?.Invoke(message) ?? Reply;
        if (reply.ReplyCode == SmtpReplyCode.Ok)
        {
            _messages.Enqueue(message);
            _accepted.Writer.TryWrite(message);
        }

        return reply;
    }

    private sealed class CapturingStore(Func<MimeMessage, SmtpResponse> accept) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            // SIZE only announces the limit; a real relay also refuses a bigger DATA, so this one does too.
            if (context.ServerOptions.MaxMessageSizeOptions.Length > 0 && buffer.Length > context.ServerOptions.MaxMessageSizeOptions.Length)
            {
                return new SmtpResponse(SmtpReplyCode.SizeLimitExceeded, "5.3.4 Message size exceeds fixed maximum message size");
            }

            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken).ConfigureAwait(false);
            return accept(message);
        }
    }
}
