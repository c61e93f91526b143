using System.Net.Http;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsWatcher.Configuration;
using NewsWatcher.Core.Fetching;
using NewsWatcher.Core.Polling;
using NewsWatcher.Http;
using NewsWatcher.Storage;

namespace NewsWatcher.Fetching.WebSub;

/// <summary>
/// The WebSub subscriber (W3C WebSub §5): subscribes to a feed's hub when a fetch finds one and Http:PublicUrl is set,
/// renews before the lease ends and unsubscribes feeds that were removed or disabled. State lives in the shared store,
/// and every request to a hub is claimed there first, so in a cluster exactly one replica sends it.
/// </summary>
internal sealed class WebSubSubscriber
{
    /// <summary>A request the hub has not verified within this is sent again (or, for an unsubscribe, given up).</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(10);

    private readonly RedisWebSubStore _store;
    private readonly IHttpClientFactory _clients;
    private readonly EditorConfigProvider _config;
    private readonly HttpOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<WebSubSubscriber> _logger;

    public WebSubSubscriber(RedisWebSubStore store, IHttpClientFactory clients, EditorConfigProvider config, IOptions<HttpOptions> options, TimeProvider time, ILogger<WebSubSubscriber> logger)
    {
        _store = store;
        _clients = clients;
        _config = config;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>Subscriptions need a callback hubs can reach: on only when Http:PublicUrl is set.</summary>
    public bool Enabled => Uri.TryCreate(_options.PublicUrl, UriKind.Absolute, out _);

    /// <summary>The callback the hub is given for a feed: <c>{PublicUrl}/websub/{feed id}</c> on the public listener.</summary>
    public Uri Callback(string feedId)
    {
        var root = _options.PublicUrl.EndsWith('/') ? _options.PublicUrl : _options.PublicUrl + "/";
        return new Uri(new Uri(root), "websub/" + Uri.EscapeDataString(feedId));
    }

    /// <summary>
    /// A fetch found these links: subscribes when the feed names a hub we are not subscribed to (or another hub or self
    /// URL than before). True when the hub pushes this feed now, so it need only be polled at the safety interval.
    /// </summary>
    public async Task<bool> ObserveAsync(FeedDefinition feed, HubLinks links, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(links);
        if (!Enabled || !links.Pushable)
        {
            return false;
        }

        var now = _time.GetUtcNow();
        var current = await _store.GetAsync(feed.Id, cancellationToken).ConfigureAwait(false);
        if (current is not null && !current.Differs(links) && current.State != WebSubState.Unsubscribing)
        {
            return current.IsActive(now);
        }

        var hub = links.Hubs[0];
        if (!await _store.TryClaimAsync(feed.Id, "subscribe:" + RedisKeys.Hash(hub + "\n" + links.Self), RetryAfter, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        var subscription = new WebSubSubscription(feed.Id, hub, links.Self!, NewSecret()) { State = WebSubState.Subscribing, RequestedAt = now };
        await _store.SaveAsync(subscription, cancellationToken).ConfigureAwait(false);
        await RequestAsync(subscription, "subscribe", cancellationToken).ConfigureAwait(false);
        return false;
    }

    /// <summary>
    /// One sweep: renews every subscription whose lease is near its end (or whose request the hub never verified), and
    /// unsubscribes feeds no longer in feeds.yaml or disabled. Returns the requests this replica sent.
    /// </summary>
    public async Task<int> RenewDueAsync(CancellationToken cancellationToken)
    {
        var sent = 0;
        var now = _time.GetUtcNow();
        var feeds = _config.Current.Feeds.Where(f => f.Enabled).Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var subscription in await _store.GetAllAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                sent += await SweepOneAsync(subscription, feeds.Contains(subscription.FeedId), now, cancellationToken).ConfigureAwait(false) ? 1 : 0;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // One feed's hub must not stop the others' renewals.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.SweepFailed(_logger, ex, subscription.FeedId);
            }
        }

        return sent;
    }

    private async Task<bool> SweepOneAsync(WebSubSubscription subscription, bool wanted, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!wanted && subscription.State != WebSubState.Unsubscribing)
        {
            if (!await _store.TryClaimAsync(subscription.FeedId, "unsubscribe:" + subscription.RequestedAt.UtcTicks, RetryAfter, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            var leaving = subscription with { State = WebSubState.Unsubscribing, RequestedAt = now };
            await _store.SaveAsync(leaving, cancellationToken).ConfigureAwait(false);
            await RequestAsync(leaving, "unsubscribe", cancellationToken).ConfigureAwait(false);
            return true;
        }

        var due = subscription.RenewAt(RetryAfter);
        if (now < due)
        {
            return false;
        }

        if (subscription.State == WebSubState.Unsubscribing)
        {
            // The hub never confirmed; its lease runs out by itself, and notifications for it are refused meanwhile.
            await _store.DeleteAsync(subscription.FeedId, cancellationToken).ConfigureAwait(false);
            return false;
        }

        if (!await _store.TryClaimAsync(subscription.FeedId, "renew:" + due.UtcTicks, RetryAfter, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        var renewing = subscription with { RequestedAt = now };
        await _store.SaveAsync(renewing, cancellationToken).ConfigureAwait(false);
        await RequestAsync(renewing, "subscribe", cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// The hub's verification of intent (§5.3): the challenge to echo when it is for a topic and mode we asked for,
    /// null otherwise (answer 404). Recorded in the store before answering, so any replica accepts what follows.
    /// </summary>
    public async Task<string?> VerifyAsync(string feedId, string? mode, string? topic, string? challenge, string? leaseSeconds, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(challenge) || await _store.GetAsync(feedId, cancellationToken).ConfigureAwait(false) is not { } subscription)
        {
            Log.VerificationRefused(_logger, feedId, mode ?? "", topic ?? "");
            return null;
        }

        var lease = int.TryParse(leaseSeconds, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds) ? seconds : (int?)null;
        if (subscription.Verify(mode, topic, lease, _options.WebSubLease, _time.GetUtcNow()) is not { } verified)
        {
            Log.VerificationRefused(_logger, feedId, mode ?? "", topic ?? "");
            return null;
        }

        if (verified.State == WebSubState.Unsubscribing)
        {
            await _store.DeleteAsync(feedId, cancellationToken).ConfigureAwait(false);
            Log.Unsubscribed(_logger, feedId, subscription.Hub.ToString());
        }
        else
        {
            await _store.SaveAsync(verified, cancellationToken).ConfigureAwait(false);
            Log.Subscribed(_logger, feedId, subscription.Hub.ToString(), verified.LeaseEnds!.Value);
        }

        return challenge;
    }

    /// <summary>The subscription a content notification for <paramref name="feedId"/> is checked against; null when none is active.</summary>
    public async Task<WebSubSubscription?> ActiveAsync(string feedId, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            // Off: no store round trip on the poll path.
            return null;
        }

        var subscription = await _store.GetAsync(feedId, cancellationToken).ConfigureAwait(false);
        return subscription?.IsActive(_time.GetUtcNow()) == true ? subscription : null;
    }

    /// <summary>The feeds their hubs push now (verified, within the lease), in one store read; none while subscriptions are off.</summary>
    public async Task<IReadOnlySet<string>> ActiveFeedsAsync(CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }

        var now = _time.GetUtcNow();
        return (await _store.GetAllAsync(cancellationToken).ConfigureAwait(false)).Where(s => s.IsActive(now)).Select(s => s.FeedId).ToHashSet(StringComparer.Ordinal);
    }

    private async Task RequestAsync(WebSubSubscription subscription, string mode, CancellationToken cancellationToken)
    {
        var form = new Dictionary<string, string>
        {
            ["hub.mode"] = mode,
            ["hub.topic"] = subscription.Topic.ToString(),
            ["hub.callback"] = Callback(subscription.FeedId).ToString(),
        };
        if (mode == "subscribe")
        {
            form["hub.secret"] = subscription.Secret;
            form["hub.lease_seconds"] = ((long)_options.WebSubLease.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        try
        {
            var client = _clients.CreateClient(FeedFetcher.HttpClientName);
            using var content = new FormUrlEncodedContent(form);
            using var response = await client.PostAsync(subscription.Hub, content, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                Log.Requested(_logger, subscription.FeedId, mode, subscription.Hub.ToString());
            }
            else
            {
                Log.RequestFailed(_logger, subscription.FeedId, mode, subscription.Hub.ToString(), $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Left as requested: the sweep asks again after RetryAfter.
            Log.RequestFailed(_logger, subscription.FeedId, mode, subscription.Hub.ToString(), ex.Message);
        }
    }

    /// <summary>32 random bytes, hex: what the hub signs with (WebSub asks for fewer than 200 bytes).</summary>
    private static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}
