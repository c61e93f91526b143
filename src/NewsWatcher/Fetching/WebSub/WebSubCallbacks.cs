using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NewsWatcher.Configuration;
using NewsWatcher.Core.Fetching;
using NewsWatcher.Diagnostics;
using NewsWatcher.Polling;

namespace NewsWatcher.Fetching.WebSub;

/// <summary>
/// The callback endpoints on the public listener, <c>/websub/{feed id}</c>: GET is the hub's verification of intent,
/// POST a content notification. Any replica can answer either: what was asked for is in the shared store.
/// </summary>
internal sealed class WebSubCallbacks
{
    public const string PathPrefix = "/websub/";

    private readonly WebSubSubscriber _subscriber;
    private readonly FeedPoller _poller;
    private readonly EditorConfigProvider _config;
    private readonly NewsWatcherMetrics _metrics;
    private readonly ILogger<WebSubCallbacks> _logger;

    public WebSubCallbacks(WebSubSubscriber subscriber, FeedPoller poller, EditorConfigProvider config, NewsWatcherMetrics metrics, ILogger<WebSubCallbacks> logger)
    {
        _subscriber = subscriber;
        _poller = poller;
        _config = config;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>Echoes <c>hub.challenge</c> only for a topic and mode we asked for; 404 otherwise (WebSub §5.3.1).</summary>
    public async Task VerifyAsync(HttpContext context, string feedId)
    {
        ArgumentNullException.ThrowIfNull(context);
        var query = context.Request.Query;
        var challenge = await _subscriber.VerifyAsync(feedId, query["hub.mode"], query["hub.topic"], query["hub.challenge"], query["hub.lease_seconds"], context.RequestAborted).ConfigureAwait(false);
        context.Response.ContentType = "text/plain; charset=utf-8";
        if (challenge is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        await context.Response.WriteAsync(challenge, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// A content notification (§7, §8): for a feed with an active subscription and correctly signed with its secret, the
    /// body goes through the poll's path (parse, match, stage, dedup, enqueue) as pushed. Anything else is dropped and
    /// counted; a wrongly signed one still gets a 2xx, as the spec asks, so the hub does not retry it.
    /// </summary>
    public async Task NotifyAsync(HttpContext context, string feedId)
    {
        ArgumentNullException.ThrowIfNull(context);
        var token = context.RequestAborted;
        var feed = _config.Current.Feeds.FirstOrDefault(f => f.Enabled && f.Id == feedId);
        var subscription = feed is null ? null : await _subscriber.ActiveAsync(feedId, token).ConfigureAwait(false);
        if (feed is null || subscription is null)
        {
            Drop(feedId, "unknown_topic");
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, token).ConfigureAwait(false);
        var body = buffer.ToArray();
        var check = HubSignature.Verify(context.Request.Headers["X-Hub-Signature"], body, subscription.Secret);
        if (check != HubSignatureCheck.Valid)
        {
            Drop(feedId, check switch
            {
                HubSignatureCheck.NoSignature => "unsigned",
                HubSignatureCheck.Wrong => "wrong_signature",
                _ => "malformed_signature",
            });
            context.Response.StatusCode = StatusCodes.Status202Accepted;
            return;
        }

        _metrics.WebSubNotified("accepted");
        var charset = Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type) ? type.Charset.Value : null;
        var outcome = await _poller.PushAsync(feed, body, charset, token).ConfigureAwait(false);

        // A store failure asks the hub to deliver again; a body the parser refused would fail again, so it is acknowledged.
        context.Response.StatusCode = outcome.Kind == Core.Polling.PollStatus.StoreError ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status202Accepted;
    }

    private void Drop(string feedId, string reason)
    {
        Log.NotificationDropped(_logger, feedId, reason);
        _metrics.WebSubNotified(reason);
    }
}
