using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace NewsWatcher.Tests.Infrastructure;

/// <summary>
/// A real HTTP server (Kestrel) on 127.0.0.1 serving feed documents with ETag and Last-Modified,
/// answering conditional requests with 304, and recording every request it saw.
/// </summary>
public sealed class TestFeedServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, byte[]> _documents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _statusOverrides = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _handlers = new(StringComparer.Ordinal);

    private TestFeedServer(WebApplication app)
    {
        _app = app;
    }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<TestFeedServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new TestFeedServer(app);
        app.MapGet("/{**path}", server.ServeAsync);
        await app.StartAsync();
        server.BaseAddress = new Uri(app.Urls.First());
        return server;
    }

    /// <summary>Serves <paramref name="content"/> at <paramref name="path"/> (e.g. "/feeds/a.xml"); returns its absolute URL.</summary>
    public string Serve(string path, byte[] content)
    {
        _documents[path] = content;
        return new Uri(BaseAddress, path).ToString();
    }

    /// <summary>Answers every request for <paramref name="path"/> with this status (null restores normal serving).</summary>
    public void FailWith(string path, int? status)
    {
        if (status is null)
        {
            _statusOverrides.TryRemove(path, out _);
        }
        else
        {
            _statusOverrides[path] = status.Value;
        }
    }

    /// <summary>Answers requests for <paramref name="path"/> with <paramref name="handler"/> (redirects, Retry-After, slow drip …).</summary>
    public string Handle(string path, Func<HttpContext, Task> handler)
    {
        _handlers[path] = handler;
        return new Uri(BaseAddress, path).ToString();
    }

    public IReadOnlyList<RecordedRequest> RequestsFor(string path) => Requests.Where(r => r.Path == path).ToList();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task ServeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var ifNoneMatch = context.Request.Headers.IfNoneMatch.ToString();
        Requests.Enqueue(new RecordedRequest(path, ifNoneMatch, context.Request.Headers.IfModifiedSince.ToString(), context.Request.Headers.UserAgent.ToString()));
        if (_handlers.TryGetValue(path, out var handler))
        {
            await handler(context);
            return;
        }

        if (_statusOverrides.TryGetValue(path, out var status))
        {
            context.Response.StatusCode = status;
            return;
        }

        if (!_documents.TryGetValue(path, out var content))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content))[..16] + "\"";
        context.Response.Headers.ETag = etag;
        context.Response.Headers.LastModified = "Tue, 24 Nov 2026 10:00:00 GMT";
        if (ifNoneMatch == etag)
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        context.Response.ContentType = "application/rss+xml; charset=utf-8";
        await context.Response.Body.WriteAsync(content);
    }
}

/// <summary>One request the feed server saw, with its conditional headers.</summary>
public sealed record RecordedRequest(string Path, string IfNoneMatch, string IfModifiedSince, string UserAgent)
{
    public bool IsConditional => IfNoneMatch.Length > 0 || IfModifiedSince.Length > 0;
}
