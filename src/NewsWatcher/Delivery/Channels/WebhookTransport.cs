using System.Globalization;
using NewsWatcher.Core.Delivery;

namespace NewsWatcher.Delivery.Channels;

/// <summary>A webhook: POST to its URL with the Standard Webhooks headers (id stable across resends, timestamp, HMAC signature).</summary>
internal sealed class WebhookTransport : ChannelTransport
{
    public override ChannelKind Kind => WebhookChannel.Instance;

    public override Uri Target(ChannelSettings channel, string secret, ChannelOptions options) => channel.Url!;

    public override void AddHeaders(HttpRequestMessage request, ChannelSettings channel, string secret, string partId, byte[] body, DateTimeOffset now, string what)
    {
        var key = WebhookSignature.ParseSecret(secret) ?? throw new DeliveryException($"{what}: the secret in {channel.Secret} is not a whsec_ secret", isTransient: true);
        var id = WebhookSignature.MessageId(partId);
        var timestamp = now.ToUnixTimeSeconds();
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Sign(key, id, timestamp, body));
    }

    public override string PreviewNote(string digestId) => $", webhook-id {WebhookSignature.MessageId(digestId)}";
}
