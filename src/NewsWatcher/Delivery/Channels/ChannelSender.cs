using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;
using NewsWatcher.Core.Delivery;
using NewsWatcher.Core.Outbox;
using NewsWatcher.Core.Subscribers;
using NewsWatcher.Fetching;

namespace NewsWatcher.Delivery.Channels;

/// <summary>
/// Delivers a recorded channel message over HTTP: one POST per part, no redirects followed, under the feed fetches'
/// limits (timeout, per-host concurrency, no private addresses unless allowed). 2xx is accepted; 408, 429 and 5xx,
/// timeouts, broken connections and a refused private address are transient (Retry-After is passed on); any other
/// answer is permanent.
/// </summary>
internal sealed class ChannelSender
{
    public const string HttpClientName = "channels";

    /// <summary>Most of an error answer read, for the reason recorded.</summary>
    private const int MaxErrorBytes = 16 * 1024;

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly ChannelOptions _options;
    private readonly FetchOptions _fetch;
    private readonly FetchLimiter _limiter;
    private readonly TimeProvider _time;

    public ChannelSender(IHttpClientFactory httpClientFactory, IOptions<ChannelOptions> options, IOptions<FetchOptions> fetch, FetchLimiter limiter, TimeProvider time)
    {
        _httpClientFactory = httpClientFactory;
        _options = options.Value;
        _fetch = fetch.Value;
        _limiter = limiter;
        _time = time;
    }

    /// <summary>Sends the parts not delivered yet; <paramref name="partAccepted"/> records progress after each one.</summary>
    /// <exception cref="DeliveryException">A part was not accepted; the parts before it were (and were recorded).</exception>
    public async Task SendAsync(Route route, SendingRecord record, Func<int, Task> partAccepted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(partAccepted);
        var channel = route.Channel ?? throw new ArgumentException("Not a channel route.", nameof(route));
        var parts = ChannelMessage.Deserialize(record.Message);
        for (var i = record.PartsDelivered; i < parts.Count; i++)
        {
            var partId = parts.Count == 1 ? record.DigestId : $"{record.DigestId}.{i + 1}";
            await SendPartAsync(channel, partId, Encoding.UTF8.GetBytes(parts[i]), cancellationToken).ConfigureAwait(false);
            await partAccepted(i + 1).ConfigureAwait(false);
        }
    }

    private async Task SendPartAsync(ChannelSettings channel, string partId, byte[] body, CancellationToken cancellationToken)
    {
        var what = $"{channel.TypeName} '{channel.Id}'";
        string secret;
        try
        {
            secret = channel.Secret is null ? "" : ChannelSecrets.Read(channel.Secret);
        }
        catch (ChannelSecretException ex)
        {
            // A secret not mounted yet is an ops problem that gets fixed: keep the message and retry.
            throw new DeliveryException($"{what}: {ex.Message}", isTransient: true);
        }

        var transport = ChannelTransports.For(channel.Kind);
        using var request = BuildRequest(transport, channel, secret, partId, body, what);
        // A refusal is a setting to change (or a URL to correct), not a verdict on the message: the items stay pending
        // and are sent once the configuration allows it; `check` reports the same refusal before start.
        if (NetworkPolicy.RefusedTarget(request.RequestUri!, _fetch.AllowPrivateNetworks) is { } refusal)
        {
            throw new DeliveryException($"{what}: {refusal}", isTransient: true);
        }

        // The limit starts once the host's slot is ours, as for feeds: time spent queued behind a slow request to the
        // same host must not cut this one short after the receiver has taken it (a resend would then be a duplicate on
        // a channel without message ids). It runs on the injected clock (CancelAfter would run on the system's).
        using var lease = await _limiter.AcquireAsync(request.RequestUri!.IdnHost, cancellationToken).ConfigureAwait(false);
        using var limit = new CancellationTokenSource(_fetch.Timeout, _time);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        try
        {
            using var response = await _httpClientFactory.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            var detail = await ErrorDetailAsync(transport, response, timeout.Token).ConfigureAwait(false);
            var transient = status is 408 or 429 or >= 500;
            var reason = $"{what}: HTTP {status} {response.ReasonPhrase}{(detail.Text.Length > 0 ? ": " + detail.Text : "")}";
            if (status is >= 300 and < 400)
            {
                reason += " (redirects are not followed: configure the final URL)";
            }

            throw new DeliveryException(reason, transient) { RetryAfter = transient ? RetryAfter(response) ?? detail.RetryAfter : null };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DeliveryException($"{what}: no answer within {_fetch.Timeout.TotalSeconds:0.#} s", isTransient: true);
        }
        catch (HttpRequestException ex) when (NetworkPolicy.FindRefusal(ex) is { } refused)
        {
            throw new DeliveryException($"{what}: {refused.Message}", isTransient: true);
        }
        catch (HttpRequestException ex)
        {
            // The message of a connection failure names host and port, never the path (which may hold a token).
            throw new DeliveryException($"{what}: {ex.HttpRequestError}: {ex.Message}", isTransient: true);
        }
        catch (IOException ex)
        {
            throw new DeliveryException($"{what}: I/O error: {ex.Message}", isTransient: true);
        }
    }

    private HttpRequestMessage BuildRequest(ChannelTransport transport, ChannelSettings channel, string secret, string partId, byte[] body, string what)
    {
        var target = transport.Target(channel, secret, _options);
        if (target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps)
        {
            throw new DeliveryException($"{what}: only http(s) URLs are supported", isTransient: false);
        }

        var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.UserAgent.ParseAdd(_fetch.UserAgent);
        try
        {
            transport.AddHeaders(request, channel, secret, partId, body, _time.GetUtcNow(), what);
        }
        catch
        {
            request.Dispose();
            throw;
        }

        return request;
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => Core.Retries.RetryAfter.Wait(response.Headers.RetryAfter, _time.GetUtcNow());

    /// <summary>The start of the answer (Slack's "invalid_payload", Telegram's description), as the kind's transport reads it.</summary>
    private static async Task<(string Text, TimeSpan? RetryAfter)> ErrorDetailAsync(ChannelTransport transport, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[MaxErrorBytes];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
            }

            var (text, retryAfter) = transport.ReadError(buffer.AsMemory(0, length));
            return (Core.Delivery.MailText.Truncate(Core.Delivery.MailText.SingleLine(text), 200), retryAfter);
        }
    }
}
