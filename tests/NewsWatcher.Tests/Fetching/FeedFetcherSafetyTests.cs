using System.IO.Compression;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NewsWatcher.Core.Polling;
using NewsWatcher.Fetching;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Fetching;

/// <summary>Every fetch is bounded: where it may go, how many redirects, how many bytes, how long, how many at once.</summary>
public sealed class FeedFetcherSafetyTests : IClassFixture<StoreFixture>, IAsyncLifetime
{
    private readonly StoreFixture _store;
    private WorkerHarness _harness = null!;

    public FeedFetcherSafetyTests(StoreFixture store)
    {
        _store = store;
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _harness = await WorkerHarness.StartAsync(StoreBackend.Garnet, _store.NewDataDirectory());
        _harness.WriteConfig("feeds.yaml", "feeds: []\n");
        _harness.WriteConfig("watches.yaml", "watches:\n  - id: truce\n    name: Truce\n    category: agreement\n    any: [truce]\n");
        _harness.WriteConfig("subscribers.yaml", "subscribers:\n  - email: desk@example.org\n    name: Desk\n    watches: [\"*\"]\n    digest: hourly\n    timezone: UTC\n");
    }

    public async ValueTask DisposeAsync() => await _harness.DisposeAsync();

    [Theory]
    [InlineData("http://127.0.0.1:9/feed.xml")]
    [InlineData("http://localhost:9/feed.xml")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[::1]:9/feed.xml")]
    [InlineData("http://10.1.2.3/feed.xml")]
    [InlineData("http://198.51.100.7/feed.xml")]
    [InlineData("http://[2002:c0a8:101::1]/feed.xml")]
    public async Task Fetch_PrivateAddressByDefault_Refused(string url)
    {
        var result = await FetchAsync(url, new() { ["Fetch:AllowPrivateNetworks"] = "false" });

        Assert.Equal(FetchStatus.Failed, result.Status);
        Assert.StartsWith("refused: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectCallback_NameResolvingToLoopback_RefusedAfterDns()
    {
        using var handler = new SocketsHttpHandler { ConnectCallback = NetworkPolicy.ConnectCallback(() => false) };
        using var client = new HttpClient(handler);

        // "localhost" is only a name here: the refusal comes from the address DNS returned for it.
        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri($"http://localhost:{_harness.Feeds.BaseAddress.Port}/"), Token));

        Assert.IsType<PrivateNetworkException>(ex.InnerException);
        Assert.Contains("localhost resolves to ", ex.InnerException.Message, StringComparison.Ordinal);
        Assert.Contains("(loopback)", ex.InnerException.Message, StringComparison.Ordinal);
        Assert.EndsWith("; set Fetch:AllowPrivateNetworks=true to allow", ex.InnerException.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectCallback_ThisHostsNameAndInterfaceAddresses_RefusedBeforeConnecting()
    {
        // A service listening on every interface, as a local admin page or database would.
        var listener = new System.Net.Sockets.TcpListener(IPAddress.IPv6Any, 0) { Server = { DualMode = true } };
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var interfaces = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
                .Where(n => n.OperationalStatus == System.Net.NetworkInformation.OperationalStatus.Up)
                .SelectMany(n => n.GetIPProperties().UnicastAddresses)
                .Select(u => u.Address)
                .Where(a => !IPAddress.IsLoopback(a) && !a.IsIPv6LinkLocal)
                .Select(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{a}]" : a.ToString());
            using var handler = new SocketsHttpHandler { ConnectCallback = NetworkPolicy.ConnectCallback(() => false) };
            using var client = new HttpClient(handler);

            foreach (var host in interfaces.Prepend(Dns.GetHostName()))
            {
                var ex = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri($"http://{host}:{port}/"), Token));

                var refusal = Assert.IsType<PrivateNetworkException>(ex.InnerException);
                Assert.StartsWith($"refused: {host} ", refusal.Message, StringComparison.Ordinal);
                Assert.EndsWith("; set Fetch:AllowPrivateNetworks=true to allow", refusal.Message, StringComparison.Ordinal);
            }

            // Refused before connecting: the service never saw a connection.
            Assert.False(listener.Pending());
        }
        finally
        {
            listener.Stop();
        }
    }

    [Theory]
    [InlineData("93.184.215.14", true)]
    [InlineData("2606:2800:21f:cb07:6820:80da:af6b:8b2c", true)]
    [InlineData("192.168.1.1", false)]
    [InlineData("172.20.0.1", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("192.0.2.2", false)]
    [InlineData("198.51.100.7", false)]
    [InlineData("203.0.113.9", false)]
    [InlineData("2001:db8::1", false)]
    [InlineData("64:ff9b::a00:1", false)]
    [InlineData("64:ff9b::808:808", true)]
    [InlineData("2002:c0a8:101::1", false)]
    public void IsPublic_Addresses_ClassifiedAsExpected(string address, bool expected) =>
        Assert.Equal(expected, NetworkPolicy.IsPublic(IPAddress.Parse(address)));

    [Fact]
    public async Task Fetch_RedirectLoop_StopsAtTheLimit()
    {
        var url = _harness.Feeds.Handle("/loop.xml", ctx =>
        {
            ctx.Response.StatusCode = 302;
            ctx.Response.Headers.Location = "/loop.xml";
            return Task.CompletedTask;
        });

        var result = await FetchAsync(url, new() { ["Fetch:MaxRedirects"] = "3" });

        Assert.Equal("more than 3 redirects", result.Error);
        Assert.Equal(4, _harness.Feeds.RequestsFor("/loop.xml").Count);
    }

    [Fact]
    public async Task Fetch_RedirectToFileScheme_Refused()
    {
        var url = _harness.Feeds.Handle("/to-file.xml", ctx =>
        {
            ctx.Response.StatusCode = 302;
            ctx.Response.Headers.Location = "file:///etc/passwd";
            return Task.CompletedTask;
        });

        var result = await FetchAsync(url);

        Assert.Equal("refused: redirect to unsupported scheme 'file'", result.Error);
    }

    [Fact]
    public async Task Fetch_GzipBomb_RejectedOnDecompressedSize()
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(new byte[4 * 1024 * 1024]);
        }

        var bomb = compressed.ToArray();
        var url = _harness.Feeds.Handle("/bomb.xml", async ctx =>
        {
            ctx.Response.Headers.ContentEncoding = "gzip";
            await ctx.Response.Body.WriteAsync(bomb);
        });

        var result = await FetchAsync(url, new() { ["Fetch:MaxBytes"] = (1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture) });

        Assert.True(bomb.Length < 1024 * 1024);
        Assert.Equal("body exceeds the limit of 1048576 bytes (after decompression)", result.Error);
    }

    [Fact]
    public async Task Fetch_ServerStopsSending_IdleTimeout()
    {
        var url = _harness.Feeds.Handle("/stall.xml", async ctx =>
        {
            await ctx.Response.Body.WriteAsync("<rss"u8.ToArray());
            await ctx.Response.Body.FlushAsync();
            await Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });

        var result = await FetchAsync(url, new() { ["Fetch:IdleTimeout"] = "00:00:00.300" });

        Assert.Equal("no data for 0.3 s (idle timeout)", result.Error);
    }

    [Fact]
    public async Task Fetch_SlowDripNeverEnds_TotalTimeout()
    {
        var url = _harness.Feeds.Handle("/drip.xml", async ctx =>
        {
            while (!ctx.RequestAborted.IsCancellationRequested)
            {
                await ctx.Response.Body.WriteAsync(" "u8.ToArray());
                await ctx.Response.Body.FlushAsync();
                await Task.Delay(TimeSpan.FromMilliseconds(100), ctx.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        });

        var result = await FetchAsync(url, new() { ["Fetch:Timeout"] = "00:00:01", ["Fetch:IdleTimeout"] = "00:00:10" });

        Assert.Equal("timed out after 1 s", result.Error);
    }

    [Fact]
    public async Task Fetch_ManyFeedsOnOneHost_AtMostThePerHostLimitInFlight()
    {
        var inFlight = 0;
        var maxInFlight = 0;
        var url = _harness.Feeds.Handle("/slow.xml", async ctx =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref maxInFlight, now);
            await Task.Delay(TimeSpan.FromMilliseconds(150));
            Interlocked.Decrement(ref inFlight);
            await ctx.Response.Body.WriteAsync("<rss version=\"2.0\"><channel/></rss>"u8.ToArray());
        });
        using var host = _harness.BuildHost(new Dictionary<string, string?> { ["Fetch:MaxConcurrencyPerHost"] = "2" });
        var fetcher = host.Services.GetRequiredService<FeedFetcher>();
        var feed = new FeedDefinition("slow", url, "slow", null, true);

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => fetcher.FetchAsync(feed, url, null, Token)));

        Assert.All(results, r => Assert.Equal(FetchStatus.Ok, r.Status));
        Assert.Equal(2, maxInFlight);
    }

    private async Task<FetchResult> FetchAsync(string url, Dictionary<string, string?>? settings = null)
    {
        using var host = _harness.BuildHost(settings);
        var fetcher = host.Services.GetRequiredService<FeedFetcher>();
        return await fetcher.FetchAsync(new FeedDefinition("f", url, "f", null, true), url, null, Token);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
