using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using NewsWatcher.Cli;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Cli;

/// <summary><c>health</c> in-process against a listener on loopback that takes the connection and never answers.</summary>
public sealed class HealthCommandTests : IDisposable
{
    private readonly string _work = TempDirectory.Create("health-cli");

    [Fact]
    public async Task Health_ListenerNeverAnswers_ExitsOneWhenTheInjectedClockPassesTheLimit()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
        var time = new FakeTimeProvider();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var root = new NewsWatcherRootCommand(new CliContext(output, error, time));

        var health = root.InvokeAsync(["health", "--config", _work, $"--Http:Port={port}"], TestContext.Current.CancellationToken);
        using var connection = await silent.AcceptTcpClientAsync(TestContext.Current.CancellationToken);
        Assert.False(health.IsCompleted, "health must wait for the answer until its limit passes");
        time.Advance(TimeSpan.FromSeconds(5));
        var exit = await health;

        Assert.Equal(1, exit);
        Assert.Contains($"error: http://127.0.0.1:{port}/healthz: no answer within 5 s", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(output.ToString());
    }

    public void Dispose() => TempDirectory.DeleteQuietly(_work);
}
