using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NewsWatcher.Tests.Infrastructure;

/// <summary>
/// An injected store fault: a TCP proxy in front of a real Redis that forwards every command, but once a command
/// containing <c>trigger</c> (e.g. "EVAL") has passed on a connection, withholds every reply on that connection. The
/// server runs the command; the client never hears back, as when a large write outlives the client's timeout.
/// </summary>
internal sealed class RedisReplyStallProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly byte[] _trigger;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _connections = [];
    private readonly TaskCompletionSource _stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _accepting;
    private int _disposed;

    private RedisReplyStallProxy(string target, string trigger)
    {
        var endpoint = target.Split(',')[0];
        var colon = endpoint.LastIndexOf(':');
        _targetHost = colon < 0 ? endpoint : endpoint[..colon];
        _targetPort = colon < 0 ? 6379 : int.Parse(endpoint[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        _trigger = Encoding.ASCII.GetBytes(trigger);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Completes when a triggering command has been forwarded and its connection's replies are being withheld.</summary>
    public Task Stalled => _stalled.Task;

    /// <summary>Starts a proxy for the Redis at <paramref name="target"/> (a configuration string: "host:port[,options]").</summary>
    public static RedisReplyStallProxy Start(string target, string trigger) => new(target, trigger);

    /// <summary>Stops listening and closes every connection (the client then sees the store go away); safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        _listener.Stop();
        lock (_connections)
        {
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }
        }

        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
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

            var upstream = new TcpClient();
            lock (_connections)
            {
                _connections.Add(client);
                _connections.Add(upstream);
            }

            _ = RelayAsync(client, upstream);
        }
    }

    private async Task RelayAsync(TcpClient client, TcpClient upstream)
    {
        try
        {
            await upstream.ConnectAsync(_targetHost, _targetPort, _stop.Token);
            var stalled = new Gate();
            await Task.WhenAll(CommandsAsync(client.GetStream(), upstream.GetStream(), stalled), RepliesAsync(upstream.GetStream(), client.GetStream(), stalled));
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // The test is over or a side hung up.
        }
        finally
        {
            client.Dispose();
            upstream.Dispose();
        }
    }

    private async Task CommandsAsync(Stream from, Stream to, Gate stalled)
    {
        var buffer = new byte[64 * 1024];
        var tail = Array.Empty<byte>(); // the end of the previous chunk: the trigger may straddle two reads
        int read;
        while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
        {
            var window = tail.Concat(buffer.Take(read)).ToArray();
            if (!stalled.Closed && window.AsSpan().IndexOf(_trigger) >= 0)
            {
                // Withhold before forwarding, so not even a fast reply slips through.
                stalled.Closed = true;
                _stalled.TrySetResult();
            }

            await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            tail = window[Math.Max(0, window.Length - _trigger.Length + 1)..];
        }
    }

    private async Task RepliesAsync(Stream from, Stream to, Gate stalled)
    {
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
        {
            if (!stalled.Closed)
            {
                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
    }

    private sealed class Gate
    {
        public volatile bool Closed;
    }
}
