using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NewsWatcher.Http;
using NewsWatcher.Http.Ops;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Http;

/// <summary>/healthz and /readyz on the real listener over loopback, in a real worker host.</summary>
public sealed class OpsEndpointsTests : IClassFixture<StoreFixture>
{
    private readonly StoreFixture _store;

    public OpsEndpointsTests(StoreFixture store)
    {
        _store = store;
    }

    [Fact]
    public async Task Endpoints_RunningWorker_LiveAndReadyWithEveryCheckOk()
    {
        await using var harness = await StartAsync();
        using var host = await harness.StartHostAsync(scheduled: true);
        using var client = Client(host);

        var live = await client.GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);
        var ready = await WaitUntilStartedAsync(client);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("alive", (await JsonAsync(live)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Equal("ready", ready.Body.GetProperty("status").GetString());
        foreach (var check in new[] { "config", "store", "scheduler", "smtp" })
        {
            Assert.Equal("ok", ready.Body.GetProperty("checks").GetProperty(check).GetProperty("status").GetString());
        }

        Assert.Contains("1 feeds enabled", ready.Body.GetProperty("checks").GetProperty("config").GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("accepts connections", ready.Body.GetProperty("checks").GetProperty("smtp").GetProperty("reason").GetString(), StringComparison.Ordinal);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Readyz_StoreUnreachable_503NamingTheStoreWhileLivenessStaysOk()
    {
        await using var harness = await StartAsync();
        harness.Set("Storage:Configuration", $"127.0.0.1:{TestSmtpServer.UnusedPort()},connectTimeout=500,connectRetry=0");
        using var host = await harness.StartHostAsync(scheduled: true);
        using var client = Client(host);

        var ready = await GetReadyAsync(client);
        var live = await client.GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        Assert.Equal("not_ready", ready.Body.GetProperty("status").GetString());
        var store = ready.Body.GetProperty("checks").GetProperty("store");
        Assert.Equal("failing", store.GetProperty("status").GetString());
        Assert.Contains("Redis is not reachable", store.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("ok", ready.Body.GetProperty("checks").GetProperty("config").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Readyz_SmtpUnreachable_ReportedAsDegradedButStillReady()
    {
        await using var harness = await StartAsync();

        // Bound but not listening: connections are refused, and no other listener can take the port meanwhile.
        using var refusing = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        refusing.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        harness.Set("Smtp:Port", ((IPEndPoint)refusing.LocalEndPoint!).Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var host = await harness.StartHostAsync(scheduled: true);
        using var client = Client(host);

        var ready = await WaitUntilStartedAsync(client);

        Assert.Equal(HttpStatusCode.OK, ready.Status);
        var smtp = ready.Body.GetProperty("checks").GetProperty("smtp");
        Assert.Equal("degraded", smtp.GetProperty("status").GetString());
        Assert.Contains("mail stays queued", smtp.GetProperty("reason").GetString(), StringComparison.Ordinal);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Readyz_HostStopping_503WithSchedulerShuttingDown()
    {
        await using var harness = await StartAsync();
        using var host = await harness.StartHostAsync(scheduled: true);
        using var client = Client(host);

        // The listener stops last, so readiness can say "stopping" while in-flight work finishes.
        host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        var ready = await GetReadyAsync(client);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.Status);
        Assert.Contains("shutting down", ready.Body.GetProperty("checks").GetProperty("scheduler").GetProperty("reason").GetString(), StringComparison.Ordinal);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Listener_PortZero_IsOff()
    {
        await using var harness = await StartAsync();
        harness.Set("Http:Port", "0");
        using var host = await harness.StartHostAsync(scheduled: true);

        Assert.Null(host.Services.GetRequiredService<OpsHttpServer>().Address);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task HealthCommand_ListenerUpOrDown_ExitsZeroOrOne()
    {
        await using var harness = await StartAsync();
        using var host = await harness.StartHostAsync(scheduled: true);
        var port = host.Services.GetRequiredService<OpsHttpServer>().Address!.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var work = TempDirectory.Create("health");
        try
        {
            var up = await CliProcess.RunAsync(work, "health", $"--Http:Port={port}");
            await host.StopAsync(TestContext.Current.CancellationToken);
            var down = await CliProcess.RunAsync(work, "health", $"--Http:Port={port}");

            Assert.True(up.ExitCode == 0, up.Stdout + up.Stderr);
            Assert.Contains("alive", up.Stdout, StringComparison.Ordinal);
            Assert.Equal(1, down.ExitCode);
            Assert.Contains($"127.0.0.1:{port}", down.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            TempDirectory.DeleteQuietly(work);
        }
    }

    [Fact]
    public async Task Run_PortAlreadyInUse_ExitsTwoNamingHttpPort()
    {
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var work = TempDirectory.Create("port-in-use");
        try
        {
            var config = Directory.CreateDirectory(Path.Combine(work, "config")).FullName;
            File.WriteAllText(Path.Combine(config, "feeds.yaml"), "feeds:\n  - id: local\n    url: local.xml\n");
            File.WriteAllText(Path.Combine(config, "watches.yaml"), "watches:\n  - id: ceasefire\n    name: Cease-fire\n    category: agreement\n    any: [ceasefire]\n");
            File.WriteAllText(Path.Combine(config, "subscribers.yaml"), "subscribers: []\n");

            var result = await CliProcess.RunAsync(work, "run", $"--Http:Port={port}");

            Assert.Equal(2, result.ExitCode);
            Assert.Contains($"cannot listen on 127.0.0.1:{port}", result.Stderr, StringComparison.Ordinal);
            Assert.Contains("Http:Port", result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            TempDirectory.DeleteQuietly(work);
        }
    }

    internal static HttpClient Client(IHost host) =>
        new() { BaseAddress = host.Services.GetRequiredService<OpsHttpServer>().Address, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>
    /// Readiness once the store check passed: the first check starts the embedded store, which may take longer than
    /// the check's own time limit on a busy machine (readiness is rightly false until then).
    /// </summary>
    internal static async Task<(HttpStatusCode Status, JsonElement Body)> WaitUntilStartedAsync(HttpClient client)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromMinutes(1));
        while (true)
        {
            // The store connects and the scheduler starts in the background after the host has started.
            var ready = await GetReadyAsync(client);
            var checks = ready.Body.GetProperty("checks");
            if (checks.GetProperty("store").GetProperty("status").GetString() == "ok"
                && checks.GetProperty("scheduler").GetProperty("status").GetString() == "ok")
            {
                return ready;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), deadline.Token);
        }
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetReadyAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken);
        return (response.StatusCode, await JsonAsync(response));
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return document.RootElement.Clone();
    }

    private async Task<WorkerHarness> StartAsync()
    {
        var harness = await WorkerHarness.StartAsync(StoreBackend.Garnet, _store.NewDataDirectory());
        var url = harness.Feeds.Serve("/world.xml", System.Text.Encoding.UTF8.GetBytes("""<?xml version="1.0"?><rss version="2.0"><channel><title>W</title><link>https://news.example.org/</link><description>d</description></channel></rss>"""));
        harness.WriteConfig("feeds.yaml", $"feeds:\n  - id: world\n    url: {url}\n");
        harness.WriteConfig("watches.yaml", "watches:\n  - id: ceasefire\n    name: Cease-fire\n    category: agreement\n    any: [ceasefire]\n");
        harness.WriteConfig("subscribers.yaml", "subscribers:\n  - email: desk@example.org\n    name: Desk\n    timezone: UTC\n    watches: [\"*\"]\n    digest: hourly\n");
        return harness;
    }
}
