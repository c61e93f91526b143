using NewsWatcher.Core.Delivery;

namespace NewsWatcher.Delivery.Channels;

/// <summary>A Slack incoming webhook: POST to the URL in the secret (or its path under Channels:SlackUrl); errors are plain text.</summary>
internal sealed class SlackTransport : ChannelTransport
{
    public override ChannelKind Kind => SlackChannel.Instance;

    public override bool TargetInSecret => true;

    public override Uri Target(ChannelSettings channel, string secret, ChannelOptions options) =>
        Uri.TryCreate(secret, UriKind.Absolute, out var full) ? full : new Uri(Base(options.SlackUrl), secret.TrimStart('/'));
}
