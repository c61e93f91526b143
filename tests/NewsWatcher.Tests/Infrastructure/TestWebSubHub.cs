using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NewsWatcher.Core.Fetching;

namespace NewsWatcher.Tests.Infrastructure;

/// <summary>
/// A small WebSub hub (W3C WebSub §5–§8) on 127.0.0.1: takes subscribe/unsubscribe requests (202), verifies intent at the
/// callback with a random challenge, keeps verified subscriptions with their secrets, and delivers content notifications
/// signed with sha256. Every request and verification is recorded and reported as an event.
/// </summary>
internal sealed class TestWebSubHub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _client = new();
    private readonly ConcurrentDictionary<string, (Uri Callback, string Secret)> _subscribers = new(StringComparer.Ordinal);
    private readonly Channel<HubVerification> _verified = Channel.CreateUnbounded<HubVerification>();
    private int _requestCount;

    private TestWebSubHub(WebApplication app)
    {
        _app = app;
    }

    public Uri HubUrl { get; private set; } = null!;

    /// <summary>Every subscribe/unsubscribe request received, in order.</summary>
    public ConcurrentQueue<HubRequest> Requests { get; } = new();

    /// <summary>The lease granted to the n-th request (1-based) asking for the given seconds; by default what was asked.</summary>
    public Func<int, int, int> GrantLease { get; set; } = (_, asked) => asked;

    /// <summary>Where a callback is actually sent (a load balancer in front of several replicas); by default where it points.</summary>
    public Func<Uri, Uri> Route { get; set; } = callback => callback;

    public static async Task<TestWebSubHub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var hub = new TestWebSubHub(app);
        app.MapPost("/hub", hub.RequestAsync);
        await app.StartAsync();
        hub.HubUrl = new Uri(new Uri(app.Urls.First()), "/hub");
        return hub;
    }

    /// <summary>The channel-level links a feed names this hub with.</summary>
    public string AtomLinks(string selfUrl) =>
        $"""<atom:link rel="hub" href="{HubUrl}"/><atom:link rel="self" href="{selfUrl}"/>""";

    /// <summary>Waits for the next verification of intent the hub made (whatever the subscriber answered).</summary>
    public ValueTask<HubVerification> NextVerificationAsync(CancellationToken cancellationToken) => _verified.Reader.ReadAsync(cancellationToken);

    public bool IsSubscribed(string topic) => _subscribers.ContainsKey(topic);

    /// <summary>Distributes <paramref name="body"/> to the topic's subscriber, signed with its secret (§7); returns its status.</summary>
    public async Task<HttpStatusCode> PublishAsync(string topic, byte[] body, CancellationToken cancellationToken)
    {
        var (callback, secret) = _subscribers[topic];
        return await PostAsync(callback, body, HubSignature.Sign("sha256", body, secret), cancellationToken);
    }

    /// <summary>Posts a notification as anyone could: any body, any signature header (null for none).</summary>
    public async Task<HttpStatusCode> PostAsync(Uri callback, byte[] body, string? signature, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Route(callback)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/rss+xml");
        request.Headers.Add("Link", $"<{HubUrl}>; rel=\"hub\"");
        if (signature is not null)
        {
            request.Headers.Add("X-Hub-Signature", signature);
        }

        using var response = await _client.SendAsync(request, cancellationToken);
        return response.StatusCode;
    }

    /// <summary>The callback a verified subscription for <paramref name="topic"/> delivers to.</summary>
    public Uri CallbackOf(string topic) => _subscribers[topic].Callback;

    /// <summary>A verification of intent as anyone could send it; returns the status and body the subscriber answered.</summary>
    public Task<(HttpStatusCode Status, string Body)> VerifyIntentAsync(Uri callback, string mode, string topic, string challenge, CancellationToken cancellationToken, int leaseSeconds = 3600) =>
        VerifyAtAsync(Route(callback), mode, topic, challenge, leaseSeconds, cancellationToken);

    private async Task<(HttpStatusCode Status, string Body)> VerifyAtAsync(Uri routed, string mode, string topic, string challenge, int leaseSeconds, CancellationToken cancellationToken)
    {
        var query = $"hub.mode={Uri.EscapeDataString(mode)}&hub.topic={Uri.EscapeDataString(topic)}&hub.challenge={Uri.EscapeDataString(challenge)}&hub.lease_seconds={leaseSeconds.ToString(CultureInfo.InvariantCulture)}";
        var target = new UriBuilder(routed) { Query = query }.Uri;
        using var response = await _client.GetAsync(target, cancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task RequestAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var number = Interlocked.Increment(ref _requestCount);
        var asked = int.TryParse(form["hub.lease_seconds"], CultureInfo.InvariantCulture, out var seconds) ? seconds : 86_400;
        var request = new HubRequest(form["hub.mode"].ToString(), form["hub.topic"].ToString(), new Uri(form["hub.callback"].ToString()), form["hub.secret"].ToString(), asked);
        Requests.Enqueue(request);
        context.Response.StatusCode = StatusCodes.Status202Accepted;

        // Verification of intent happens after the 202, as hubs do (§5.3).
        _ = Task.Run(() => VerifyAsync(request, GrantLease(number, asked)));
    }

    private async Task VerifyAsync(HubRequest request, int lease)
    {
        var challenge = Guid.NewGuid().ToString("N");
        var routed = Route(request.Callback);
        HttpStatusCode status;
        string body;
        try
        {
            (status, body) = await VerifyAtAsync(routed, request.Mode, request.Topic, challenge, lease, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // An unreachable callback is a verification that failed: reported, so a test waiting for it never hangs.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _verified.Writer.TryWrite(new HubVerification(request, lease, Confirmed: false, $"{routed}: {ex.Message}"));
            return;
        }

        var confirmed = status == HttpStatusCode.OK && body == challenge;
        if (confirmed && request.Mode == "subscribe")
        {
            _subscribers[request.Topic] = (request.Callback, request.Secret);
        }
        else if (confirmed && request.Mode == "unsubscribe")
        {
            _subscribers.TryRemove(request.Topic, out _);
        }

        _verified.Writer.TryWrite(new HubVerification(request, lease, confirmed, confirmed ? null : $"{routed} answered {(int)status}: {body}"));
    }
}

internal sealed record HubRequest(string Mode, string Topic, Uri Callback, string Secret, int LeaseSeconds);

/// <summary>One verification of intent and its outcome; <paramref name="Error"/> says why it was not confirmed.</summary>
internal sealed record HubVerification(HubRequest Request, int GrantedLease, bool Confirmed, string? Error = null);
