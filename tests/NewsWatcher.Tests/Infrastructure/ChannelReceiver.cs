using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace NewsWatcher.Tests.Infrastructure;

/// <summary>
/// A real HTTP server (Kestrel) on 127.0.0.1 standing in for Slack (/slack/...), Telegram (/telegram/bot{token}/sendMessage),
/// ntfy (/ntfy), Discord (/discord/...) and webhook receivers (/hooks/...). It records every request and answers with injected faults per target.
/// </summary>
public sealed class ChannelReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<ChannelFault>> _faults = new(StringComparer.Ordinal);

    private ChannelReceiver(WebApplication app)
    {
        _app = app;
    }

    /// <summary>Every request, whatever the answer.</summary>
    public ConcurrentQueue<ReceivedRequest> Attempts { get; } = new();

    /// <summary>Requests the receiver processed (answered 2xx, or processed and then lost the connection).</summary>
    public ConcurrentQueue<ReceivedRequest> Accepted { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The Retry-After (seconds) sent with an injected 429.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>Runs before a request to <c>target</c> is answered (e.g. holds it until a signal); null for none.</summary>
    public Func<ReceivedRequest, Task>? BeforeAnswer { get; set; }

    public static async Task<ChannelReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new ChannelReceiver(app);
        app.MapPost("/{**path}", receiver.ReceiveAsync);
        await app.StartAsync();
        receiver.BaseAddress = new Uri(app.Urls.First());
        return receiver;
    }

    public Uri Url(string path) => new(BaseAddress, path);

    /// <summary>The next requests to <paramref name="target"/> (its first path segment: hooks, slack, telegram, ntfy, discord) meet these faults, in order.</summary>
    public void Inject(string target, params ChannelFault[] faults)
    {
        var queue = _faults.GetOrAdd(target, _ => new ConcurrentQueue<ChannelFault>());
        foreach (var fault in faults)
        {
            queue.Enqueue(fault);
        }
    }

    public IReadOnlyList<ReceivedRequest> AcceptedBy(string target) => [.. Accepted.Where(r => r.Target == target)];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var path = context.Request.Path.Value ?? "/";
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal);
        var request = new ReceivedRequest(path.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "", path, headers, body);
        Attempts.Enqueue(request);
        if (BeforeAnswer is { } hold)
        {
            await hold(request);
        }

        var fault = _faults.TryGetValue(request.Target, out var queue) && queue.TryDequeue(out var next) ? next : ChannelFault.None;
        switch (fault)
        {
            case ChannelFault.Status500:
                context.Response.StatusCode = 500;
                await context.Response.WriteAsync("internal error");
                return;
            case ChannelFault.Status429:
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync($$$"""{"ok":false,"error_code":429,"description":"Too Many Requests","parameters":{"retry_after":{{{RetryAfterSeconds}}}}}""");
                return;
            case ChannelFault.Status400:
                context.Response.StatusCode = 400;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("""{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}""");
                return;
            case ChannelFault.DiscordRateLimited:
                context.Response.StatusCode = 429;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("""{"message":"You are being rate limited.","retry_after":30.5,"global":false}""");
                return;
            case ChannelFault.DiscordUnknownWebhook:
                context.Response.StatusCode = 404;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("""{"message":"Unknown Webhook","code":10015}""");
                return;
            case ChannelFault.Timeout:
                // Never answers: the sender's timeout gives up first.
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            case ChannelFault.Reset:
                context.Abort();
                return;
            case ChannelFault.ProcessedThenReset:
                Accepted.Enqueue(request);
                context.Abort();
                return;
            default:
                Accepted.Enqueue(request);
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(request.Target == "slack" ? "ok" : """{"ok":true}""");
                return;
        }
    }
}

/// <summary>How the receiver answers one request.</summary>
public enum ChannelFault
{
    None,
    Status500,

    /// <summary>429 with Retry-After: 1 (and Telegram's retry_after).</summary>
    Status429,

    /// <summary>400: permanent.</summary>
    Status400,

    /// <summary>Discord's 429: no Retry-After header, the wait (30.5 s) only in the body's retry_after.</summary>
    DiscordRateLimited,

    /// <summary>Discord's 404 for a deleted webhook: permanent.</summary>
    DiscordUnknownWebhook,

    /// <summary>No answer at all.</summary>
    Timeout,

    /// <summary>The connection is reset before anything is processed.</summary>
    Reset,

    /// <summary>The request is processed, then the connection is reset before the answer: the sender must resend with the same id.</summary>
    ProcessedThenReset,
}

/// <summary>One request the receiver saw.</summary>
/// <param name="Target">The first path segment: hooks, slack, telegram, ntfy or discord.</param>
/// <param name="Headers">Lower-case header names.</param>
public sealed record ReceivedRequest(string Target, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : "";
}
