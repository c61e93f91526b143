using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsWatcher.Configuration;
using NewsWatcher.Core.Subscribers;
using NewsWatcher.Dedup;
using NewsWatcher.Fetching.WebSub;
using NewsWatcher.Subscribers;

namespace NewsWatcher.Http.Public;

/// <summary>
/// The public listener (Http:PublicPort, off by default), separate from the ops endpoints: one-click unsubscribe
/// (RFC 8058) and the preferences page at <c>/u/TOKEN</c>. The token is the capability: GET only shows, POST changes.
/// Requests are rate-limited per client address (the socket's, or the one a trusted proxy forwards) and size-limited;
/// connections are capped per client address; a cross-site POST is refused. With Http:PublicUrl set it also answers
/// WebSub hubs at <c>/websub/{feed id}</c> (<see cref="WebSubCallbacks"/>).
/// </summary>
internal sealed class PublicHttpServer : IHostedService, IAsyncDisposable
{
    /// <summary>Largest request body read (a preferences form with every watch fits many times over).</summary>
    public const int MaxBodyBytes = 16 * 1024;

    /// <summary>Longest wait for a request's headers (Kestrel's default is 30 s).</summary>
    public static readonly TimeSpan RequestHeadersTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Longest an idle connection is kept open between requests (Kestrel's default is 130 s).</summary>
    public static readonly TimeSpan KeepAliveTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Connections the listener holds in all; no one client address may hold more than Http:PublicConnectionsPerClient of them.</summary>
    public const int MaxConnections = 256;

    private readonly HttpOptions _options;
    private readonly UnsubscribeLinks _links;
    private readonly SubscriberDirectory _directory;
    private readonly IPreferenceStore _preferences;
    private readonly IThreadStore? _threads;
    private readonly EditorConfigProvider _config;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger<PublicHttpServer> _logger;
    private readonly WebSubCallbacks? _webSub;
    private WebApplication? _app;

    public PublicHttpServer(
        IOptions<HttpOptions> options,
        UnsubscribeLinks links,
        SubscriberDirectory directory,
        IPreferenceStore preferences,
        EditorConfigProvider config,
        TimeProvider time,
        ILoggerFactory loggerFactory,
        IThreadStore? threads = null,
        WebSubCallbacks? webSub = null)
    {
        _threads = threads;
        _webSub = webSub;
        _options = options.Value;
        _links = links;
        _directory = directory;
        _preferences = preferences;
        _config = config;
        _time = time;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<PublicHttpServer>();
    }

    /// <summary>The bound address (with the real port); null when off.</summary>
    public Uri? Address { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.PublicPort == 0)
        {
            return;
        }

        // Validated at start (HttpOptionsValidator), so it parses here.
        var proxies = TrustedProxies.Parse(_options.TrustedProxies, out _) ?? TrustedProxies.None;
        var perClient = new ClientConnectionLimit(_options.PublicConnectionsPerClient, proxies, _logger);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "NewsWatcher.Public" });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // The larger of the two limits; each request gets its own below (a hub's notification carries a whole feed).
            kestrel.Limits.MaxRequestBodySize = Math.Max(MaxBodyBytes, _options.WebSubMaxBodyBytes);
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            kestrel.Limits.MaxRequestHeaderCount = 50;
            kestrel.Limits.MaxRequestLineSize = 4 * 1024;

            // A page and a form post need neither long to send their headers nor a long idle connection: short timeouts
            // free the sockets a slow or idle client holds. The per-client cap keeps one address from taking them all.
            kestrel.Limits.RequestHeadersTimeout = RequestHeadersTimeout;
            kestrel.Limits.KeepAliveTimeout = KeepAliveTimeout;
            kestrel.Limits.MaxConcurrentConnections = MaxConnections;
            kestrel.Listen(HttpOptions.ParseAddress(_options.BindAddress)!, _options.PublicPort, listen => listen.Use(perClient.Middleware));
        });
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton(_loggerFactory);
        builder.Services.AddSingleton<IHostLifetime, PassiveLifetime>();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Keyed on the client after the forwarded-headers step: behind a trusted proxy, each reader has their own bucket.
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => IsWebSub(context)
                    // A hub pushes every feed it serves from one address: its callbacks get their own, larger budget.
                    ? RateLimitPartition.GetFixedWindowLimiter(
                        "websub|" + TrustedProxies.ClientKey(context.Connection.RemoteIpAddress),
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = _options.WebSubRequestsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                    : RateLimitPartition.GetFixedWindowLimiter(
                        TrustedProxies.ClientKey(context.Connection.RemoteIpAddress),
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = _options.PublicRequestsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })),
                PartitionedRateLimiter.Create<HttpContext, string>(context => RateLimitPartition.GetConcurrencyLimiter(
                    TrustedProxies.ClientKey(context.Connection.RemoteIpAddress),
                    _ => new ConcurrencyLimiterOptions { PermitLimit = _options.PublicConnectionsPerClient, QueueLimit = 0 })));
            limiter.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                return ValueTask.CompletedTask;
            };
        });
        var app = builder.Build();
        if (!proxies.IsEmpty)
        {
            app.UseForwardedHeaders(proxies.ForwardedHeaders());
        }

        app.UseRateLimiter();
        app.Use(async (context, next) =>
        {
            var limit = IsWebSub(context) ? _options.WebSubMaxBodyBytes : MaxBodyBytes;
            if (context.Request.ContentLength > limit)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return;
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            {
                size.MaxRequestBodySize = limit;
            }

            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = PreferencesPage.ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers.CacheControl = "no-store";
            headers["Referrer-Policy"] = "same-origin";
            await next(context).ConfigureAwait(false);
        });
        app.MapGet("/u/{token}", ShowAsync);
        app.MapGet("/s/{token}", StoryAsync);
        app.MapPost("/u/{token}", UnsubscribeAsync);
        app.MapPost("/u/{token}/preferences", SavePreferencesAsync);
        app.MapPost("/u/{token}/resubscribe", ResubscribeAsync);
        app.MapPost("/u/{token}/all", UnsubscribeAllAsync);
        if (_webSub is not null)
        {
            app.MapGet(WebSubCallbacks.PathPrefix + "{feedId}", _webSub.VerifyAsync);
            app.MapPost(WebSubCallbacks.PathPrefix + "{feedId}", _webSub.NotifyAsync);
        }

        app.MapFallback(context => WriteAsync(context, StatusCodes.Status404NotFound, PreferencesPage.Problem("Not found", "There is nothing here.")));

        var bound = await ListenerStart.StartAsync(app, _options, _options.PublicPort, "Http:PublicPort", "the public listener", cancellationToken).ConfigureAwait(false);
        _app = app;
        Address = bound is null ? null : new Uri(bound);
        Log.PublicListening(_logger, bound ?? $"{_options.BindAddress}:{_options.PublicPort}");
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            _app = null;
        }
    }

    private async Task ShowAsync(HttpContext context, string token)
    {
        // GET never changes anything: mail scanners and link previews fetch links.
        if (Resolve(token) is not { } subject)
        {
            await BadTokenAsync(context).ConfigureAwait(false);
            return;
        }

        if (_directory.FindRoute(subject) is not { } route)
        {
            await WriteAsync(context, StatusCodes.Status404NotFound, PreferencesPage.Problem("Not found", "This subscription no longer exists.")).ConfigureAwait(false);
            return;
        }

        var preferences = await _preferences.GetAsync(subject, context.RequestAborted).ConfigureAwait(false);
        var page = PreferencesPage.Preferences(Action(token), route, preferences, _config.Current.Watches.Watches, _time.GetUtcNow(), saved: context.Request.Query.ContainsKey("saved"));
        await WriteAsync(context, StatusCodes.Status200OK, page).ConfigureAwait(false);
    }

    /// <summary>A truce thread's read-only page up to the development the signed link names; GET only, changes nothing.</summary>
    private async Task StoryAsync(HttpContext context, string token)
    {
        (string Conflict, string ThreadId, string Stage, string? Actor)? story;
        try
        {
            story = _links.ReadStory(token);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // No key, no links: nothing can be verified.
            story = null;
        }

        if (story is not { } s)
        {
            await BadTokenAsync(context).ConfigureAwait(false);
            return;
        }

        var thread = _threads is null ? null : await _threads.GetAsync(s.Conflict, context.RequestAborted).ConfigureAwait(false);
        var upTo = thread is not null && thread.Id == s.ThreadId
            ? thread.Developments.FirstOrDefault(d => d.Stage == s.Stage && d.Actor == s.Actor)
            : null;
        if (thread is null || upTo is null)
        {
            await WriteAsync(context, StatusCodes.Status404NotFound, PreferencesPage.Problem("Story no longer kept", "This truce thread is no longer kept; its developments are in your messages.")).ConfigureAwait(false);
            return;
        }

        await WriteAsync(context, StatusCodes.Status200OK, PreferencesPage.Story(thread, upTo, _config.Current.FeedNames)).ConfigureAwait(false);
    }

    private async Task UnsubscribeAsync(HttpContext context, string token)
    {
        if (await RefuseAsync(context, token).ConfigureAwait(false) is not { } subject)
        {
            return;
        }

        // RFC 8058: the POST itself unsubscribes, whatever its body says; nothing is asked back. It stops this one outbox
        // (the link's), so the page says which, and which of the subscriber's others still send.
        await _preferences.UnsubscribeAsync(subject, _time.GetUtcNow(), context.RequestAborted).ConfigureAwait(false);
        Log.Unsubscribed(_logger, subject);
        var still = new List<Route>();
        foreach (var other in _directory.SiblingRoutes(subject).Where(r => r.Id != subject))
        {
            if ((await _preferences.GetAsync(other.Id, context.RequestAborted).ConfigureAwait(false))?.Unsubscribed != true)
            {
                still.Add(other);
            }
        }

        await WriteAsync(context, StatusCodes.Status200OK, PreferencesPage.Unsubscribed(Action(token), _directory.FindRoute(subject), still)).ConfigureAwait(false);
    }

    private async Task UnsubscribeAllAsync(HttpContext context, string token)
    {
        if (await RefuseAsync(context, token).ConfigureAwait(false) is not { } subject)
        {
            return;
        }

        if (_directory.FindRoute(subject) is not { } route)
        {
            await WriteAsync(context, StatusCodes.Status404NotFound, PreferencesPage.Problem("Not found", "This subscription no longer exists.")).ConfigureAwait(false);
            return;
        }

        // Every outbox of the address: email and each channel, as the button says.
        var now = _time.GetUtcNow();
        var routes = _directory.SiblingRoutes(subject);
        foreach (var each in routes)
        {
            await _preferences.UnsubscribeAsync(each.Id, now, context.RequestAborted).ConfigureAwait(false);
            Log.Unsubscribed(_logger, each.Id);
        }

        await WriteAsync(context, StatusCodes.Status200OK, PreferencesPage.UnsubscribedAll(Action(token), route, routes)).ConfigureAwait(false);
    }

    private async Task ResubscribeAsync(HttpContext context, string token)
    {
        if (await RefuseAsync(context, token).ConfigureAwait(false) is not { } subject)
        {
            return;
        }

        var now = _time.GetUtcNow();
        var current = await _preferences.GetAsync(subject, context.RequestAborted).ConfigureAwait(false) ?? new SubscriberPreferences();
        await _preferences.SaveAsync(subject, current with { Unsubscribed = false, UnsubscribedAt = null, UpdatedAt = now }, context.RequestAborted).ConfigureAwait(false);
        Log.PreferencesChanged(_logger, subject, "subscribed again");
        SeeOther(context, token);
    }

    private async Task SavePreferencesAsync(HttpContext context, string token)
    {
        if (await RefuseAsync(context, token).ConfigureAwait(false) is not { } subject)
        {
            return;
        }

        if (_directory.FindRoute(subject) is not { } route)
        {
            await WriteAsync(context, StatusCodes.Status404NotFound, PreferencesPage.Problem("Not found", "This subscription no longer exists.")).ConfigureAwait(false);
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var current = await _preferences.GetAsync(subject, context.RequestAborted).ConfigureAwait(false) ?? new SubscriberPreferences();
        var known = _config.Current.Watches.Watches.Select(w => w.Id).ToHashSet(StringComparer.Ordinal);
        var watches = form["watch"].Where(w => w is not null).Select(w => w!).Distinct(StringComparer.Ordinal).ToList();
        string? cadence = (string?)form["cadence"] switch
        {
            "immediate" => "immediate",
            "hourly" => "hourly",
            "daily" when DigestCadence.ParseTime((string?)form["at"] ?? "") is { } at => string.Create(CultureInfo.InvariantCulture, $"daily {at:HH\\:mm}"),
            "keep" or null => current.Cadence,
            _ => "",
        };
        DateTimeOffset? pausedUntil = (string?)form["pause"] switch
        {
            "week" => now.AddDays(7),
            "keep" => current.PausedUntil,
            _ => null,
        };
        if (cadence == "" || watches.Count == 0 || !watches.All(known.Contains))
        {
            await WriteAsync(context, StatusCodes.Status400BadRequest, PreferencesPage.Problem(
                "Not saved", watches.Count == 0 ? "Choose at least one watch, or unsubscribe instead." : "The form was not understood; reload the page and try again.")).ConfigureAwait(false);
            return;
        }

        // Only what differs from the file goes in the overlay, so later edits of the file still reach this subscriber.
        var sameWatches = route.Categories.Count == 0 && watches.Order(StringComparer.Ordinal).SequenceEqual(route.Watches.Contains("*") ? known.Order(StringComparer.Ordinal) : route.Watches.Order(StringComparer.Ordinal));
        var updated = current with
        {
            Cadence = cadence is not null && DigestCadence.Parse(cadence) == route.Cadence ? null : cadence,
            Watches = sameWatches ? null : watches,
            PausedUntil = pausedUntil,
            UpdatedAt = now,
        };
        await _preferences.SaveAsync(subject, updated, context.RequestAborted).ConfigureAwait(false);
        Log.PreferencesChanged(_logger, subject, updated.Describe(now));
        SeeOther(context, token);
    }

    /// <summary>The subject of a POST that may change something; null after answering a refusal.</summary>
    private async Task<string?> RefuseAsync(HttpContext context, string token)
    {
        if (Resolve(token) is not { } subject)
        {
            await BadTokenAsync(context).ConfigureAwait(false);
            return null;
        }

        // The token in the path is the capability; a browser posting from another site (CSRF) is refused all the same.
        // Pages send Referrer-Policy same-origin, so our own forms carry our Origin; mail providers' one-click POSTs carry none.
        if (CrossSite(context.Request.Headers) is { } reason)
        {
            Log.PublicRefused(_logger, context.Request.Method, context.Connection.RemoteIpAddress?.ToString() ?? "", reason);
            await WriteAsync(context, StatusCodes.Status403Forbidden, PreferencesPage.Problem("Refused", "Use the form on the subscription page.")).ConfigureAwait(false);
            return null;
        }

        var type = context.Request.ContentType ?? "";
        if (context.Request.ContentLength > 0 && !type.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) && !type.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            await WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, PreferencesPage.Problem("Refused", "Only form posts are accepted.")).ConfigureAwait(false);
            return null;
        }

        return subject;
    }

    private string? Resolve(string token)
    {
        try
        {
            return _links.Read(token);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // No key, no links: nothing can be verified.
            return null;
        }
    }

    /// <summary>Why a POST looks like it came from another site; null when nothing says so.</summary>
    /// <remarks>
    /// Origin decides when present; without it (older browsers, some privacy settings) the Referer does; and a browser that
    /// says Sec-Fetch-Site cross-site or same-site is refused whatever the other two say. A request with none of them (a
    /// mail provider's one-click POST, curl) carries no browser's ambient authority, so the token alone suffices.
    /// </remarks>
    private string? CrossSite(IHeaderDictionary headers)
    {
        var origin = headers.Origin.ToString();
        var referer = headers.Referer.ToString();
        var site = headers["Sec-Fetch-Site"].ToString();
        if (origin.Length > 0)
        {
            if (!string.Equals(origin, PublicOrigin(), StringComparison.OrdinalIgnoreCase))
            {
                return $"cross-origin request from '{origin}'";
            }
        }
        else if (referer.Length > 0 && OriginOf(referer) is var from && !string.Equals(from, PublicOrigin(), StringComparison.OrdinalIgnoreCase))
        {
            // Only the origin is logged: the rest of a Referer may carry a reader's private path.
            return $"cross-site Referer from '{from ?? "(not a URL)"}' and no Origin";
        }

        return site is "cross-site" or "same-site" ? $"Sec-Fetch-Site: {site}" : null;
    }

    private string PublicOrigin() => OriginOf(_options.PublicUrl) ?? "";

    private static string? OriginOf(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri.GetLeftPart(UriPartial.Authority) : null;

    private static bool IsWebSub(HttpContext context) => context.Request.Path.StartsWithSegments(WebSubCallbacks.PathPrefix.TrimEnd('/'), StringComparison.Ordinal);

    private static string Action(string token) => "/u/" + Uri.EscapeDataString(token);

    private static void SeeOther(HttpContext context, string token)
    {
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = Action(token) + "?saved=1";
    }

    private static Task BadTokenAsync(HttpContext context) =>
        WriteAsync(context, StatusCodes.Status400BadRequest, PreferencesPage.Problem("Invalid link", "This link is not valid. Use the link from your latest message."));

    private static async Task WriteAsync(HttpContext context, int status, string html)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(html, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Lets the worker's host decide when to stop.</summary>
    private sealed class PassiveLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
