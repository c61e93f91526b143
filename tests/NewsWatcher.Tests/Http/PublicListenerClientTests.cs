using System.Net;
using System.Net.Sockets;
using System.Text;
using NewsWatcher.Http;
using NewsWatcher.Tests.Infrastructure;

namespace NewsWatcher.Tests.Http;

/// <summary>
/// Who a request on the public listener comes from, over real sockets on loopback: the socket's address, or the client
/// a trusted proxy forwards (Http:TrustedProxies); and how much of the listener one client may hold. Distinct loopback
/// addresses (127.0.0.1, 127.0.0.2, …) stand for distinct clients.
/// </summary>
public sealed class PublicListenerClientTests : IClassFixture<StoreFixture>
{
    private static readonly IPAddress Proxy = IPAddress.Loopback;
    private static readonly IPAddress OtherClient = IPAddress.Parse("127.0.0.2");

    private readonly StoreFixture _store;

    public PublicListenerClientTests(StoreFixture store)
    {
        _store = store;
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RateLimit_BehindTrustedProxy_KeysOnForwardedClient()
    {
        await using var setup = await UnsubscribeTestSetup.StartAsync(_store.NewDataDirectory(), requestsPerMinute: 3, new Dictionary<string, string> { ["Http:TrustedProxies"] = "10.9.0.0/16, 127.0.0.1" });
        using var proxy = Client(setup, Proxy);

        // Three readers' requests through one proxy: the first reader's fourth is limited, the second reader is not.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, await GetAsync(proxy, "198.51.100.7, 203.0.113.5"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await GetAsync(proxy, "203.0.113.5"));
        Assert.Equal(HttpStatusCode.BadRequest, await GetAsync(proxy, "203.0.113.6"));
        Assert.Equal(HttpStatusCode.BadRequest, await GetAsync(proxy, "2001:db8:1:2::10"));

        // An IPv6 client is one bucket per /64, so fresh addresses in its prefix do not buy fresh requests.
        Assert.Equal(HttpStatusCode.BadRequest, await GetAsync(proxy, "2001:db8:1:2::11"));
        Assert.Equal(HttpStatusCode.BadRequest, await GetAsync(proxy, "2001:db8:1:2::12"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await GetAsync(proxy, "2001:db8:1:2::13"));
    }

    [Fact]
    public async Task RateLimit_ForwardedHeaderFromUntrustedAddress_Ignored()
    {
        // 127.0.0.2 is not a trusted proxy: what it claims in X-Forwarded-For changes nothing.
        await using var setup = await UnsubscribeTestSetup.StartAsync(_store.NewDataDirectory(), requestsPerMinute: 3, new Dictionary<string, string> { ["Http:TrustedProxies"] = "127.0.0.1" });
        using var client = Client(setup, OtherClient);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, await GetAsync(client, $"203.0.113.{i + 1}"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await GetAsync(client, "203.0.113.99"));
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.5/8")]
    [InlineData("proxy.internal")]
    public void Validate_TrustedProxyNotAnAddressOrNetwork_FailsNamingTheSetting(string value)
    {
        var result = new HttpOptionsValidator().Validate(null, new HttpOptions { TrustedProxies = "10.0.0.1, " + value });

        Assert.True(result.Failed);
        Assert.Contains($"Http:TrustedProxies: '{value}' is neither", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlowHeaderSockets_FromOneClient_OtherClientStillServed()
    {
        const int Sockets = 300;
        await using var setup = await UnsubscribeTestSetup.StartAsync(_store.NewDataDirectory());
        var sockets = new List<Socket>();
        try
        {
            // One client opens many connections and sends headers it never finishes.
            for (var i = 0; i < Sockets; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                sockets.Add(socket);
                socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, setup.PublicPort), Token);
                await socket.SendAsync(Encoding.ASCII.GetBytes("GET /u/x HTTP/1.1\r\nHost: a\r\n"), Token);
            }

            // The listener closes what it will not hold, without a word; wait for that rather than for a time.
            var endings = sockets.Select(ReadUntilClosedAsync).ToList();
            var closedUnanswered = 0;
            var pending = endings.ToList();
            while (pending.Count > 0 && closedUnanswered < Sockets - 16)
            {
                var done = await Task.WhenAny(pending);
                pending.Remove(done);
                closedUnanswered += await done == 0 ? 1 : 0;
            }

            Assert.True(closedUnanswered >= Sockets - 16, $"only {closedUnanswered} of one client's {Sockets} slow sockets were closed; it holds the rest");

            // Another client is served all the while.
            using var other = Client(setup, OtherClient);
            for (var i = 0; i < 10; i++)
            {
                Assert.Equal(HttpStatusCode.BadRequest, await GetAsync(other, null));
            }
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }
    }

    /// <summary>Bytes the server sent before closing (0: closed without an answer); a reset counts as closed.</summary>
    private static async Task<int> ReadUntilClosedAsync(Socket socket)
    {
        var buffer = new byte[1024];
        var total = 0;
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, Token)) > 0)
            {
                total += read;
            }
        }
        catch (SocketException)
        {
        }

        return total;
    }

    private static HttpClient Client(UnsubscribeTestSetup setup, IPAddress from) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(from, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    {
        BaseAddress = setup.PublicUrl,
        Timeout = TimeSpan.FromSeconds(60),
    };

    private static async Task<HttpStatusCode> GetAsync(HttpClient client, string? forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/u/x");
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        using var response = await client.SendAsync(request, Token);
        return response.StatusCode;
    }
}
