using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NewsWatcher.Tests.Infrastructure;

/// <summary>What the proxy does to the next connections.</summary>
public enum SmtpFault
{
    /// <summary>Forward everything.</summary>
    None,

    /// <summary>Accept the connection and close it at once, before the server's greeting.</summary>
    Refuse,

    /// <summary>Cut the connection in the middle of the message body (after DATA, before the final dot).</summary>
    CutMidData,

    /// <summary>Let the whole message reach the server, then cut before its reply reaches the client: accepted but not acknowledged.</summary>
    CutAfterData,
}

/// <summary>
/// A TCP proxy on 127.0.0.1 in front of the test SMTP server that injects connection faults, for fault-injection tests.
/// It understands just enough SMTP to find the DATA phase.
/// </summary>
internal sealed class SmtpFaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _faultsInjected;

    public SmtpFaultProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The fault applied to connections opened from now on.</summary>
    public SmtpFault Fault { get; set; }

    /// <summary>How many connections were actually broken (a cut needs a message to reach DATA).</summary>
    public int FaultsInjected => Volatile.Read(ref _faultsInjected);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await Task.WhenAny(_accepting, Task.Delay(TimeSpan.FromSeconds(2)));
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = HandleAsync(client, Fault);
        }
    }

    private async Task HandleAsync(TcpClient client, SmtpFault fault)
    {
        using (client)
        {
            if (fault == SmtpFault.Refuse)
            {
                Interlocked.Increment(ref _faultsInjected);
                client.Client.LingerState = new LingerOption(true, 0);
                return;
            }

            using var server = new TcpClient();
            await server.ConnectAsync(IPAddress.Loopback, _targetPort);
            var session = new Session(client, server, fault, this);
            await Task.WhenAny(session.PumpClientAsync(), session.PumpServerAsync());
            client.Client.LingerState = new LingerOption(true, 0);
            server.Client.LingerState = new LingerOption(true, 0);
        }
    }

    private sealed class Session(TcpClient client, TcpClient server, SmtpFault fault, SmtpFaultProxy owner)
    {
        private readonly StringBuilder _commands = new();
        private string _tail = "";
        private volatile bool _inData;
        private volatile bool _dataEnded;
        private volatile bool _cut;

        public async Task PumpClientAsync()
        {
            var buffer = new byte[16 * 1024];
            var from = client.GetStream();
            var to = server.GetStream();
            try
            {
                int read;
                while (!_cut && (read = await from.ReadAsync(buffer)) > 0)
                {
                    var chunk = Encoding.Latin1.GetString(buffer, 0, read);
                    if (_inData)
                    {
                        if (fault == SmtpFault.CutMidData)
                        {
                            // Half of this chunk of the body reaches the server, then the line goes dead.
                            await to.WriteAsync(buffer.AsMemory(0, Math.Max(1, read / 2)));
                            Cut();
                            return;
                        }

                        // The end-of-data marker may straddle two reads.
                        if ((_tail + chunk).Contains("\r\n.\r\n", StringComparison.Ordinal))
                        {
                            _dataEnded = true;
                            _inData = false;
                            _commands.Clear();
                        }

                        _tail = chunk.Length >= 4 ? chunk[^4..] : _tail + chunk;
                    }
                    else
                    {
                        _commands.Append(chunk);
                        if (_commands.ToString().EndsWith("DATA\r\n", StringComparison.OrdinalIgnoreCase))
                        {
                            _inData = true;
                        }

                        if (_commands.Length > 4096)
                        {
                            _commands.Remove(0, _commands.Length - 16);
                        }
                    }

                    await to.WriteAsync(buffer.AsMemory(0, read));
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
            {
                // One side closed; the session ends.
            }
        }

        public async Task PumpServerAsync()
        {
            var buffer = new byte[16 * 1024];
            var from = server.GetStream();
            var to = client.GetStream();
            try
            {
                int read;
                while (!_cut && (read = await from.ReadAsync(buffer)) > 0)
                {
                    if (_dataEnded && fault == SmtpFault.CutAfterData)
                    {
                        // The server has the whole message and answers 250; the client never hears it.
                        Cut();
                        return;
                    }

                    await to.WriteAsync(buffer.AsMemory(0, read));
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
            {
                // As above.
            }
        }

        private void Cut()
        {
            _cut = true;
            Interlocked.Increment(ref owner._faultsInjected);
        }
    }
}
