using System.Net.Http.Headers;
using NewsWatcher.Core.Delivery;

namespace NewsWatcher.Delivery.Channels;

/// <summary>An ntfy topic: POST the JSON to the server (the entry's, or Channels:NtfyUrl), with the access token as a bearer token when there is one.</summary>
internal sealed class NtfyTransport : ChannelTransport
{
    public override ChannelKind Kind => NtfyChannel.Instance;

    public override Uri Target(ChannelSettings channel, string secret, ChannelOptions options) => channel.Url ?? new Uri(options.NtfyUrl);

    public override void AddHeaders(HttpRequestMessage request, ChannelSettings channel, string secret, string partId, byte[] body, DateTimeOffset now, string what)
    {
        if (secret.Length > 0)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        }
    }
}
