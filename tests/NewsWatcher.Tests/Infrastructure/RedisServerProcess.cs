using System.Diagnostics;
using System.Net.Sockets;

namespace NewsWatcher.Tests.Infrastructure;

/// <summary>
/// A private redis-server on a free loopback port, with its own settings (a password, for one); stopped on dispose.
/// Tests skip when redis-server is not installed (.ci/run installs it).
/// </summary>
internal sealed class RedisServerProcess : IDisposable
{
    private static readonly string[] Binaries = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"];

    private readonly Process _process;

    private RedisServerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Endpoint => $"127.0.0.1:{Port}";

    public static async Task<RedisServerProcess> StartAsync(params string[] settings)
    {
        var binary = Binaries.FirstOrDefault(File.Exists);
        if (binary is null)
        {
            Assert.Skip("redis-server is not installed (apt-get install redis-server).");
        }

        var port = TestSmtpServer.UnusedPort();
        var start = new ProcessStartInfo(binary) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no" }.Concat(settings))
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RedisServerProcess(process, port);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port, deadline.Token);
                return server;
            }
            catch (SocketException) when (!deadline.IsCancellationRequested && !process.HasExited)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
            }
        }
    }

    /// <summary>
    /// Freezes the server (SIGSTOP): connections stay open but nothing is answered, as with a stalled Redis or a
    /// black-holed network. <see cref="Resume"/> (or dispose) lets it go on.
    /// </summary>
    public void Pause() => Signal("-STOP");

    public void Resume() => Signal("-CONT");

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }

    private void Signal(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })!;
        kill.WaitForExit();
        Assert.True(kill.ExitCode == 0, $"kill {signal} {_process.Id} failed");
    }
}
